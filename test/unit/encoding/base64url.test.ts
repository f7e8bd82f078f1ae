import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { _setBase64urlNative, decodeBase64url, encodeBase64url, isBase64url } from '../../../src/encoding/base64url.js';

const hasNative = typeof (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64 === 'function';
const modes = hasNative ? [false, true] : [false];

afterAll(() => _setBase64urlNative(true));

describe.each(modes)('base64url (native=%s)', (native) => {
  it('selects the implementation under test', () => {
    expect(_setBase64urlNative(native)).toBe(native);
  });

  it('decodes RFC 4648 test vectors without padding', () => {
    _setBase64urlNative(native);
    const cases: Array<[string, string]> = [
      ['', ''],
      ['Zg', 'f'],
      ['Zm8', 'fo'],
      ['Zm9v', 'foo'],
      ['Zm9vYg', 'foob'],
      ['Zm9vYmE', 'fooba'],
      ['Zm9vYmFy', 'foobar'],
    ];
    for (const [b64, text] of cases) {
      expect(new TextDecoder().decode(decodeBase64url(b64))).toBe(text);
      expect(encodeBase64url(new TextEncoder().encode(text))).toBe(b64);
    }
    expect(decodeBase64url('-_8')).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(encodeBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it.each([
    ['padding', 'Zg=='],
    ['single padding', 'Zm8='],
    ['standard alphabet +', 'ab+c'],
    ['standard alphabet /', 'ab/c'],
    ['space', 'Zm9 v'],
    ['newline', 'Zm9v\n'],
    ['tab', '\tZm9v'],
    ['length mod 4 = 1', 'Zm9vY'],
    ['non-canonical trailing bits (2 chars)', 'Zh'],
    ['non-canonical trailing bits (3 chars)', 'Zm9'],
    ['non-ASCII', 'Zm9vé'],
    ['NUL', 'Zm\u00009v'],
  ])('rejects %s', (_name, input) => {
    _setBase64urlNative(native);
    expect(() => decodeBase64url(input)).toThrow(expect.objectContaining({ code: 'ERR_BASE64URL_INVALID' }));
    expect(isBase64url(input)).toBe(false);
  });

  it.each([[undefined], [null], [42], [{}], [['Zm9v']], [new Uint8Array(2)]])('rejects the non-string %s', (value) => {
    _setBase64urlNative(native);
    expect(() => decodeBase64url(value)).toThrow(expect.objectContaining({ code: 'ERR_BASE64URL_NOT_STRING' }));
  });

  it('names the field in error details and clips the received value', () => {
    _setBase64urlNative(native);
    try {
      decodeBase64url('x'.repeat(10_001) + '=', 'response.signature');
      expect.unreachable();
    } catch (e) {
      const err = e as { code: string; details: { field: string; received: string } };
      expect(err.code).toBe('ERR_BASE64URL_INVALID');
      expect(err.details.field).toBe('response.signature');
      expect(err.details.received.length).toBeLessThan(200);
    }
  });

  it('round-trips arbitrary bytes (property)', () => {
    _setBase64urlNative(native);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeBase64url(text)).toEqual(bytes);
      }),
    );
  });

  it('accepts a string exactly when it re-encodes to itself (property)', () => {
    _setBase64urlNative(native);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AZaz09-_+/= \nQgw'.split('')), maxLength: 12 }), (s) => {
        let decoded: Uint8Array | undefined;
        try {
          decoded = decodeBase64url(s);
        } catch (e) {
          expect((e as { code: string }).code).toBe('ERR_BASE64URL_INVALID');
        }
        if (decoded) expect(encodeBase64url(decoded)).toBe(s);
      }),
    );
  });
});

describe('base64url implementations agree', () => {
  // Node 20 has no Uint8Array.fromBase64: there the agreement property cannot run (it runs under Bun and
  // Deno in CI, .ci/runtimes.sh), and what can be checked is that the native path is never selected.
  const title = hasNative
    ? 'native and portable accept and reject the same inputs (property)'
    : 'no native decoder on this runtime: the portable one is always used';
  it(title, () => {
    if (!hasNative) {
      expect(_setBase64urlNative(true)).toBe(false);
      expect([...decodeBase64url('AAEC_w')]).toEqual([0, 1, 2, 255]);
      return;
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 16 }), (s) => {
        const run = (native: boolean) => {
          _setBase64urlNative(native);
          try {
            return encodeBase64url(decodeBase64url(s));
          } catch (e) {
            return (e as { code: string }).code;
          }
        };
        expect(run(true)).toBe(run(false));
      }),
    );
  });
});
