import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateKey, MAX_CLIENT_DATA_JSON_BYTES, parseClientDataJSON } from '../../../src/parse/client-data.js';
import { isWebAuthnError } from '../../../src/errors.js';

const enc = (s: string) => new TextEncoder().encode(s);
const base = { type: 'webauthn.get', challenge: 'AAEC', origin: 'https://example.com', crossOrigin: false };
const json = (o: unknown) => enc(JSON.stringify(o));
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};

describe('parseClientDataJSON', () => {
  it('parses and types the members', () => {
    const c = parseClientDataJSON(json({ ...base, topOrigin: 'https://top.example', tokenBinding: { status: 'present', id: 'abc' }, other: 1 }));
    expect(c).toEqual({
      type: 'webauthn.get',
      challenge: 'AAEC',
      origin: 'https://example.com',
      crossOrigin: false,
      topOrigin: 'https://top.example',
      tokenBinding: { status: 'present', id: 'abc' },
    });
  });

  it('keeps crossOrigin undefined when absent and ignores a malformed tokenBinding (L3 reserves it)', () => {
    const c = parseClientDataJSON(json({ type: 'webauthn.create', challenge: 'x', origin: 'o', tokenBinding: 'nonsense' }));
    expect(c.crossOrigin).toBeUndefined();
    expect(c.tokenBinding).toBeUndefined();
  });

  it('rejects ill-formed UTF-8 instead of replacing it', () => {
    const bytes = new Uint8Array([...enc('{"type":"webauthn.get","challenge":"a","origin":"'), 0xff, ...enc('"}')]);
    expect(code(() => parseClientDataJSON(bytes))).toBe('ERR_CLIENT_DATA_INVALID_UTF8');
  });

  it('strips one leading byte order mark, as UTF-8 decode does (§7.2 step 9; WHATWG Encoding)', () => {
    expect(parseClientDataJSON(new Uint8Array([0xef, 0xbb, 0xbf, ...json(base)])).type).toBe('webauthn.get');
    expect(parseClientDataJSON(json(base)).type).toBe('webauthn.get');
  });

  it('refuses a second byte order mark and one that is not at the start', () => {
    expect(code(() => parseClientDataJSON(new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...json(base)])))).toBe('ERR_CLIENT_DATA_INVALID_JSON');
    expect(code(() => parseClientDataJSON(new Uint8Array([0x20, 0xef, 0xbb, 0xbf, ...json(base)])))).toBe('ERR_CLIENT_DATA_INVALID_JSON');
  });

  it.each([['not json', 'type=webauthn.get'], ['array', '[]'], ['null', 'null'], ['string', '"x"'], ['truncated', '{"type":']])(
    'rejects %s',
    (_n, text) => {
      expect(code(() => parseClientDataJSON(enc(text)))).toBe('ERR_CLIENT_DATA_INVALID_JSON');
    },
  );

  it('rejects duplicate member names, including escaped spellings of the same name', () => {
    expect(code(() => parseClientDataJSON(enc('{"type":"webauthn.create","type":"webauthn.get","challenge":"a","origin":"o"}')))).toBe(
      'ERR_CLIENT_DATA_DUPLICATE_KEY',
    );
    expect(code(() => parseClientDataJSON(enc('{"type":"webauthn.get","\\u0074ype":"webauthn.get","challenge":"a","origin":"o"}')))).toBe(
      'ERR_CLIENT_DATA_DUPLICATE_KEY',
    );
  });

  it('allows the same name in different objects', () => {
    expect(parseClientDataJSON(enc('{"type":"webauthn.get","challenge":"a","origin":"o","x":{"type":1},"y":[{"type":2},{"type":3}]}')).type).toBe(
      'webauthn.get',
    );
  });

  it.each(['type', 'challenge', 'origin'])('rejects %s missing, empty or not a string', (field) => {
    for (const value of [undefined, '', 1, null, {}, true]) {
      const o: Record<string, unknown> = { ...base, [field]: value };
      if (value === undefined) delete o[field];
      expect(code(() => parseClientDataJSON(json(o)))).toBe('ERR_CLIENT_DATA_FIELD_INVALID');
    }
  });

  it('rejects crossOrigin that is not a boolean and topOrigin that is not a non-empty string', () => {
    expect(code(() => parseClientDataJSON(json({ ...base, crossOrigin: 'true' })))).toBe('ERR_CLIENT_DATA_FIELD_INVALID');
    expect(code(() => parseClientDataJSON(json({ ...base, topOrigin: 1 })))).toBe('ERR_CLIENT_DATA_FIELD_INVALID');
    expect(code(() => parseClientDataJSON(json({ ...base, topOrigin: '' })))).toBe('ERR_CLIENT_DATA_FIELD_INVALID');
  });

  it('rejects oversized input before decoding it', () => {
    const big = new Uint8Array(MAX_CLIENT_DATA_JSON_BYTES + 1).fill(0x20);
    expect(code(() => parseClientDataJSON(big))).toBe('ERR_CLIENT_DATA_TOO_LARGE');
  });

  it('gives a value or a WebAuthnError for arbitrary bytes and JSON (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.json().map(enc), fc.jsonValue().map((v) => json({ ...base, extra: v }))), (bytes) => {
        try {
          parseClientDataJSON(bytes);
        } catch (e) {
          expect(isWebAuthnError(e)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('findDuplicateKey', () => {
  it('agrees with a reference built on JSON.parse reviver semantics (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'a\\"', 'é'), fc.jsonValue()), { maxLength: 5 }), (pairs) => {
        const text = '{' + pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',') + '}';
        const names = pairs.map(([k]) => k);
        const topDup = names.find((n, i) => names.indexOf(n) !== i);
        const found = findDuplicateKey(text);
        if (topDup !== undefined) expect(found).toBeDefined();
        else if (found !== undefined) {
          // A duplicate inside a nested value generated by fc.jsonValue.
          expect(pairs.some(([, v]) => JSON.stringify(v).includes(JSON.stringify(found)))).toBe(true);
        }
      }),
    );
  });
});
