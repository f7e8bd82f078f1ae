import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeStandardBase64, parseCompactJws } from '../../../src/attestation/android-safetynet/jws.js';
import { isWebAuthnError } from '../../../src/errors.js';

const b64u = (s: string | Uint8Array) => Buffer.from(s).toString('base64url');
const enc = (s: string) => new TextEncoder().encode(s);
const CERT = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]);

function jws(header: unknown, payload: unknown = { nonce: 'x' }, sig = 'c2ln'): string {
  const h = typeof header === 'string' ? header : JSON.stringify(header);
  const p = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return `${b64u(h)}.${b64u(p)}.${sig}`;
}
const GOOD_HEADER = { alg: 'RS256', x5c: [CERT.toString('base64')] };

function reason(input: string | Uint8Array): string | undefined {
  try {
    parseCompactJws(typeof input === 'string' ? enc(input) : input);
  } catch (e) {
    if (!isWebAuthnError(e)) return `non-WebAuthnError ${String(e)}`;
    expect(e.code).toBe('ERR_ATTESTATION_SAFETYNET_JWS_INVALID');
    return String(e.details?.reason);
  }
  return undefined;
}

describe('parseCompactJws', () => {
  it('parses a well-formed JWS and keeps the exact signing input', () => {
    const text = jws(GOOD_HEADER, { nonce: 'abc', ctsProfileMatch: true });
    const r = parseCompactJws(enc(text));
    expect(r.alg).toBe('RS256');
    expect(r.x5c.length).toBe(1);
    expect([...r.x5c[0]!]).toEqual([...CERT]);
    expect(r.payload).toEqual({ nonce: 'abc', ctsProfileMatch: true });
    expect(new TextDecoder().decode(r.signingInput)).toBe(text.slice(0, text.lastIndexOf('.')));
    expect([...r.signature]).toEqual([...Buffer.from('sig')]);
  });

  it('rejects the wrong number of parts and empty parts', () => {
    expect(reason('a.b')).toMatch(/three/);
    expect(reason('a.b.c.d')).toMatch(/three/);
    expect(reason(jws(GOOD_HEADER, {}, ''))).toMatch(/empty part/);
    expect(reason(`.${b64u('{}')}.c2ln`)).toMatch(/empty part/);
    expect(reason(new Uint8Array())).toBe('empty');
  });

  it('rejects non-UTF-8, oversized, non-base64url parts', () => {
    expect(reason(new Uint8Array([0xff, 0x2e, 0x61, 0x2e, 0x61]))).toBe('not UTF-8');
    expect(reason(new Uint8Array(65_537).fill(0x61))).toBe('too large');
    expect(reason(`${b64u(JSON.stringify(GOOD_HEADER))}.e30=.c2ln`)).toMatch(/base64url/);
    expect(reason(`${b64u(JSON.stringify(GOOD_HEADER))}.e30.c2+n`)).toMatch(/base64url/);
  });

  it('rejects headers and payloads that are not JSON objects', () => {
    expect(reason(jws('[1]'))).toMatch(/header is not a JSON object/);
    expect(reason(jws('{"alg":'))).toMatch(/header is not JSON/);
    expect(reason(jws(GOOD_HEADER, '"str"'))).toMatch(/payload is not a JSON object/);
    expect(reason(`${b64u(JSON.stringify(GOOD_HEADER))}.${b64u(Buffer.from([0xc3, 0x28]))}.c2ln`)).toMatch(/payload is not UTF-8/);
  });

  it('rejects duplicate member names (top level, nested, escaped)', () => {
    expect(reason(jws('{"alg":"RS256","alg":"ES256","x5c":["MAMCAQE="]}'))).toMatch(/duplicate/);
    expect(reason(jws(GOOD_HEADER, '{"nonce":"a","\\u006eonce":"b"}'))).toMatch(/duplicate/);
    expect(reason(jws(GOOD_HEADER, '{"o":{"k":1,"k":2}}'))).toMatch(/duplicate/);
    // Same names in different objects are fine.
    expect(reason(jws(GOOD_HEADER, '{"a":{"k":1},"b":{"k":2},"c":[{"k":1},{"k":2}],"d":"k,\\"k"}'))).toBeUndefined();
  });

  it('checks alg, crit and x5c', () => {
    expect(reason(jws({ x5c: GOOD_HEADER.x5c }))).toMatch(/alg/);
    expect(reason(jws({ alg: 5, x5c: GOOD_HEADER.x5c }))).toMatch(/alg/);
    expect(reason(jws({ alg: 'none', x5c: GOOD_HEADER.x5c }))).toMatch(/none/);
    expect(reason(jws({ ...GOOD_HEADER, crit: ['exp'] }))).toMatch(/crit/);
    expect(reason(jws({ alg: 'RS256' }))).toMatch(/x5c/);
    expect(reason(jws({ alg: 'RS256', x5c: [] }))).toMatch(/x5c/);
    expect(reason(jws({ alg: 'RS256', x5c: [1] }))).toMatch(/x5c entry/);
    expect(reason(jws({ alg: 'RS256', x5c: [CERT.toString('base64url')] }))).toMatch(/x5c entry/);
  });

  it('property: any input parses or throws ERR_ATTESTATION_SAFETYNET_JWS_INVALID', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string().map(enc)), (bytes) => {
        const r = reason(bytes);
        expect(r === undefined || !r.startsWith('non-WebAuthnError')).toBe(true);
      }),
    );
  });
});

describe('decodeStandardBase64', () => {
  it('decodes canonical padded base64 and rejects everything else', () => {
    expect([...decodeStandardBase64('AAEC/w==')!]).toEqual([0, 1, 2, 255]);
    expect([...decodeStandardBase64('+/+/')!]).toEqual([0xfb, 0xff, 0xbf]);
    expect(decodeStandardBase64('AAEC/w')).toBeUndefined(); // missing padding
    expect(decodeStandardBase64('AAEC_w==')).toBeUndefined(); // base64url char
    expect(decodeStandardBase64('AAEC/x==')).toBeUndefined(); // non-zero pad bits
    expect(decodeStandardBase64('AA EC/w==')).toBeUndefined();
    expect(decodeStandardBase64('')).toBeUndefined();
    expect(decodeStandardBase64('A===')).toBeUndefined();
  });

  it('property: round-trips with Buffer base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), (b) => {
        expect([...decodeStandardBase64(Buffer.from(b).toString('base64'))!]).toEqual([...b]);
      }),
    );
  });
});
