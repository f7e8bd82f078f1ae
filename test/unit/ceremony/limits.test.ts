/**
 * The documented input limits (docs/security.md "Limits") are enforced, each before the expensive
 * work it protects: a test per limit (just over → its code; at the limit → not that code), and
 * 1 MB in every member and parser → the rejection code. No timing assertions here: the timing of
 * hostile inputs is printed by bench/hostile-input.mjs.
 */
import { describe, expect, it } from 'vitest';
import { parseAttestationObject } from '../../../src/parse/attestation-object.js';
import { parseX5c } from '../../../src/attestation/trust.js';
import { MAX_COMPOUND_STATEMENTS } from '../../../src/attestation/compound.js';
import { MAX_AUTHENTICATOR_DATA_BYTES, MAX_CREDENTIAL_ID_BYTES, parseAuthenticatorData } from '../../../src/parse/authenticator-data.js';
import { DEFAULT_CBOR_LIMITS, decodeCbor } from '../../../src/cbor/decode.js';
import { encodeCbor } from '../../../src/testing/cbor-encode.js';
import { MAX_CLIENT_DATA_JSON_BYTES, parseClientDataJSON } from '../../../src/parse/client-data.js';
import { RSA_MAX_MODULUS_BITS, RSA_MIN_MODULUS_BITS, decodeCOSEKey } from '../../../src/cose/key.js';
import { encodeBase64url } from '../../../src/encoding/base64url.js';
import { isWebAuthnError, type WebAuthnErrorCode } from '../../../src/errors.js';
import { MAX_FIELD_CHARS } from '../../../src/parse/envelope.js';
import { createTestCredential } from '../../../src/testing/index.js';
import { MAX_CERTIFICATE_BYTES, parseCertificate } from '../../../src/x509/certificate.js';
import { assertStrictDer } from '../../../src/x509/der.js';
import { MAX_CHAIN_LENGTH } from '../../../src/x509/path.js';
import { MAX_TRUST_ANCHORS, parseTrustAnchors } from '../../../src/x509/pem.js';
import { cloneJson, expectCode, makeAssertion, makeRegistration, verifyAuth, verifyReg } from '../../conformance/helpers.js';

const MB = 1024 * 1024;

/** The code `fn` throws (a WebAuthnError), or 'none'. Anything else fails the test. */
function codeOf(fn: () => unknown): WebAuthnErrorCode | 'none' {
  try {
    fn();
    return 'none';
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    return e.code;
  }
}

async function asyncCodeOf(p: Promise<unknown>): Promise<WebAuthnErrorCode | 'none'> {
  try {
    await p;
    return 'none';
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    return e.code;
  }
}

/** authenticatorData of `length` bytes: rpIdHash, flags UP, counter, then zero padding (trailing). */
const authDataOf = (length: number): Uint8Array => {
  const b = new Uint8Array(length);
  b[32] = 0x01;
  return b;
};

describe('response member caps (src/parse/envelope.ts MAX_FIELD_CHARS), checked before decoding', () => {
  const assertionMembers = ['clientDataJSON', 'authenticatorData', 'signature', 'userHandle'] as const;
  for (const member of assertionMembers) {
    it(`response.${member}: ${MAX_FIELD_CHARS[member]} + 1 chars → ERR_RESPONSE_TOO_LARGE; ${MAX_FIELD_CHARS[member]} → another code`, async () => {
      const c = await makeAssertion();
      const over = cloneJson(c.response) as Record<string, any>;
      over.response[member] = 'A'.repeat(MAX_FIELD_CHARS[member] + 1);
      await expectCode(verifyAuth(c, {}, over), 'ERR_RESPONSE_TOO_LARGE');
      const at = cloneJson(c.response) as Record<string, any>;
      at.response[member] = 'A'.repeat(MAX_FIELD_CHARS[member]);
      expect(await asyncCodeOf(verifyAuth(c, {}, at))).not.toBe('ERR_RESPONSE_TOO_LARGE');
    });
  }
  it(`id: ${MAX_FIELD_CHARS.id} + 1 chars → ERR_RESPONSE_TOO_LARGE; ${MAX_FIELD_CHARS.id} → another code`, async () => {
    const c = await makeAssertion();
    const over = { ...c.response, id: 'A'.repeat(MAX_FIELD_CHARS.id + 1), rawId: 'A'.repeat(MAX_FIELD_CHARS.id + 1) };
    await expectCode(verifyAuth(c, {}, over), 'ERR_RESPONSE_TOO_LARGE');
    const at = { ...c.response, id: 'A'.repeat(MAX_FIELD_CHARS.id), rawId: 'A'.repeat(MAX_FIELD_CHARS.id) };
    expect(await asyncCodeOf(verifyAuth(c, {}, at))).not.toBe('ERR_RESPONSE_TOO_LARGE');
  });
  it(`attestationObject: ${MAX_FIELD_CHARS.attestationObject} + 1 chars → ERR_RESPONSE_TOO_LARGE; at the cap → another code`, async () => {
    const c = await makeRegistration();
    const over = cloneJson(c.response);
    over.response.attestationObject = 'A'.repeat(MAX_FIELD_CHARS.attestationObject + 1);
    await expectCode(verifyReg(c, {}, over), 'ERR_RESPONSE_TOO_LARGE');
    const at = cloneJson(c.response);
    at.response.attestationObject = 'A'.repeat(MAX_FIELD_CHARS.attestationObject);
    expect(await asyncCodeOf(verifyReg(c, {}, at))).not.toBe('ERR_RESPONSE_TOO_LARGE');
  });
});

describe('parser limits', () => {
  it(`clientDataJSON: ${MAX_CLIENT_DATA_JSON_BYTES} + 1 bytes → ERR_CLIENT_DATA_TOO_LARGE; at the limit → parsed`, () => {
    const json = (n: number): Uint8Array => {
      const head = '{"type":"webauthn.get","challenge":"AA","origin":"https://example.com","pad":"';
      return new TextEncoder().encode(head + 'x'.repeat(n - head.length - 2) + '"}');
    };
    expect(json(MAX_CLIENT_DATA_JSON_BYTES).length).toBe(MAX_CLIENT_DATA_JSON_BYTES);
    expect(codeOf(() => parseClientDataJSON(json(MAX_CLIENT_DATA_JSON_BYTES + 1)))).toBe('ERR_CLIENT_DATA_TOO_LARGE');
    expect(codeOf(() => parseClientDataJSON(json(MAX_CLIENT_DATA_JSON_BYTES)))).toBe('none');
  });
  it('clientDataJSON over 32 KiB but under the envelope cap is refused by the parser inside verifyAssertion', async () => {
    const c = await makeAssertion();
    const r = cloneJson(c.response);
    r.response.clientDataJSON = encodeBase64url(new Uint8Array(MAX_CLIENT_DATA_JSON_BYTES + 1).fill(0x20));
    await expectCode(verifyAuth(c, {}, r), 'ERR_CLIENT_DATA_TOO_LARGE');
  });
  it(`authenticatorData: ${MAX_AUTHENTICATOR_DATA_BYTES} + 1 bytes → ERR_AUTH_DATA_TOO_LONG; at the limit → another code`, () => {
    expect(codeOf(() => parseAuthenticatorData(authDataOf(MAX_AUTHENTICATOR_DATA_BYTES + 1)))).toBe('ERR_AUTH_DATA_TOO_LONG');
    expect(codeOf(() => parseAuthenticatorData(authDataOf(MAX_AUTHENTICATOR_DATA_BYTES)))).toBe('ERR_AUTH_DATA_TRAILING_BYTES');
  });
  it(`credential id: ${MAX_CREDENTIAL_ID_BYTES} + 1 bytes → ERR_AUTH_DATA_CREDENTIAL_ID_TOO_LONG; ${MAX_CREDENTIAL_ID_BYTES} registers`, async () => {
    const over = await makeRegistration({ credential: await createTestCredential({ idLength: MAX_CREDENTIAL_ID_BYTES + 1 }) });
    await expectCode(verifyReg(over), 'ERR_AUTH_DATA_CREDENTIAL_ID_TOO_LONG');
    const at = await makeRegistration({ credential: await createTestCredential({ idLength: MAX_CREDENTIAL_ID_BYTES }) });
    await expect(verifyReg(at)).resolves.toMatchObject({ credential: { algorithm: -7 } });
  });
  it(`CBOR depth: ${DEFAULT_CBOR_LIMITS.maxDepth} nested arrays decode, one more → ERR_CBOR_DEPTH_EXCEEDED`, () => {
    const nest = (n: number): Uint8Array => {
      const b = new Uint8Array(n + 1).fill(0x81);
      b[n] = 0x00;
      return b;
    };
    expect(codeOf(() => decodeCbor(nest(DEFAULT_CBOR_LIMITS.maxDepth)))).toBe('none');
    expect(codeOf(() => decodeCbor(nest(DEFAULT_CBOR_LIMITS.maxDepth + 1)))).toBe('ERR_CBOR_DEPTH_EXCEEDED');
  });
  it(`CBOR item count: ${DEFAULT_CBOR_LIMITS.maxItems} items decode, one more → ERR_CBOR_TOO_LARGE`, () => {
    const array = (elements: number): Uint8Array => {
      const b = new Uint8Array(3 + elements);
      b[0] = 0x99; // array, 2-byte length
      b[1] = elements >> 8;
      b[2] = elements & 0xff;
      return b;
    };
    // The array itself is one item.
    expect(codeOf(() => decodeCbor(array(DEFAULT_CBOR_LIMITS.maxItems - 1)))).toBe('none');
    expect(codeOf(() => decodeCbor(array(DEFAULT_CBOR_LIMITS.maxItems)))).toBe('ERR_CBOR_TOO_LARGE');
  });
  it('CBOR: a declared length far beyond the input → ERR_CBOR_TRUNCATED, no allocation of that size', () => {
    const huge = new Uint8Array([0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]); // bytes, 2^63-1 long
    expect(['ERR_CBOR_TRUNCATED', 'ERR_CBOR_TOO_LARGE']).toContain(codeOf(() => decodeCbor(huge)));
    const manyItems = new Uint8Array([0x9b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]); // array of 2^32 items
    expect(['ERR_CBOR_TRUNCATED', 'ERR_CBOR_TOO_LARGE']).toContain(codeOf(() => decodeCbor(manyItems)));
  });
  it('attestationObject depth: a deeply nested attStmt → ERR_CBOR_DEPTH_EXCEEDED', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 9; i++) deep = [deep];
    const obj = encodeCbor(new Map<unknown, unknown>([['fmt', 'none'], ['attStmt', new Map([['x', deep]])], ['authData', new Uint8Array(37)]]) as never);
    expect(codeOf(() => parseAttestationObject(obj))).toBe('ERR_CBOR_DEPTH_EXCEEDED');
  });
  it(`certificate size: ${MAX_CERTIFICATE_BYTES} + 1 bytes → "Certificate too large" before any DER parsing`, () => {
    const message = (n: number): string => {
      try {
        parseCertificate(new Uint8Array(n));
      } catch (e) {
        if (!isWebAuthnError(e)) throw e;
        expect(e.code).toBe('ERR_X509_MALFORMED');
        return e.message;
      }
      throw new Error('parsed');
    };
    expect(message(MAX_CERTIFICATE_BYTES + 1)).toBe('Certificate too large');
    expect(message(MAX_CERTIFICATE_BYTES)).not.toBe('Certificate too large');
  });
  it(`certificate count: x5c with ${MAX_CHAIN_LENGTH} + 1 entries → ERR_X509_TOO_MANY_CERTIFICATES before parsing any`, () => {
    expect(codeOf(() => parseX5c(Array.from({ length: MAX_CHAIN_LENGTH + 1 }, () => new Uint8Array(1))))).toBe('ERR_X509_TOO_MANY_CERTIFICATES');
    // At the limit each entry is parsed (and these are not certificates).
    expect(codeOf(() => parseX5c(Array.from({ length: MAX_CHAIN_LENGTH }, () => new Uint8Array(1))))).toBe('ERR_X509_MALFORMED');
  });
  it('DER nesting: 33 nested SEQUENCEs (depths 0..32) are walked, 34 → "nesting too deep"', () => {
    const nested = (levels: number): Uint8Array => {
      let der = new Uint8Array([0x05, 0x00]); // NULL
      for (let i = 0; i < levels; i++) der = new Uint8Array([0x30, der.length, ...der]);
      return der;
    };
    const reason = (levels: number): unknown => {
      try {
        assertStrictDer(nested(levels));
        return 'none';
      } catch (e) {
        if (!isWebAuthnError(e)) throw e;
        expect(e.code).toBe('ERR_X509_MALFORMED');
        return e.details?.reason;
      }
    };
    expect(reason(32)).toBe('none'); // NULL at depth 32
    expect(reason(33)).toBe('nesting too deep');
  });
  it('PEM text: more than 4 MiB → ERR_X509_ANCHOR_INVALID before scanning', () => {
    expect(codeOf(() => parseTrustAnchors(['-'.repeat(4 * MB + 1)]))).toBe('ERR_X509_ANCHOR_INVALID');
  });
  it(`RSA modulus: < ${RSA_MIN_MODULUS_BITS} bits → ERR_COSE_RSA_KEY_TOO_SMALL; > ${RSA_MAX_MODULUS_BITS} → ERR_COSE_KEY_INVALID; both ends accepted`, () => {
    const rsaKey = (bits: number): Uint8Array => {
      const n = new Uint8Array(bits / 8).fill(0xff); // top bit set, odd
      return encodeCbor(new Map<number, unknown>([[1, 3], [3, -257], [-1, n], [-2, new Uint8Array([1, 0, 1])]]) as never);
    };
    expect(codeOf(() => decodeCOSEKey(rsaKey(RSA_MIN_MODULUS_BITS - 8)))).toBe('ERR_COSE_RSA_KEY_TOO_SMALL');
    expect(codeOf(() => decodeCOSEKey(rsaKey(RSA_MIN_MODULUS_BITS)))).toBe('none');
    expect(codeOf(() => decodeCOSEKey(rsaKey(RSA_MAX_MODULUS_BITS)))).toBe('none');
    expect(codeOf(() => decodeCOSEKey(rsaKey(RSA_MAX_MODULUS_BITS + 8)))).toBe('ERR_COSE_KEY_INVALID');
  });
  it(`trust anchors: more than ${MAX_TRUST_ANCHORS} → ERR_X509_ANCHOR_INVALID`, () => {
    expect(codeOf(() => parseTrustAnchors(Array.from({ length: MAX_TRUST_ANCHORS + 1 }, () => new Uint8Array(1))))).toBe('ERR_X509_ANCHOR_INVALID');
  });
  it(`compound: more than ${MAX_COMPOUND_STATEMENTS} statements → ERR_ATTESTATION_COMPOUND_INVALID`, async () => {
    const c = await makeRegistration({ fmt: 'packed' });
    const { decodeAttestationObject, editAttestationObject } = await import('../../conformance/helpers.js');
    const entry = new Map<unknown, unknown>([['fmt', 'packed'], ['attStmt', decodeAttestationObject(c.response).get('attStmt')]]);
    const over = editAttestationObject(c.response, (m) => m.set('fmt', 'compound').set('attStmt', Array(MAX_COMPOUND_STATEMENTS + 1).fill(entry)));
    await expectCode(verifyReg(c, {}, over), 'ERR_ATTESTATION_COMPOUND_INVALID');
    const at = editAttestationObject(c.response, (m) => m.set('fmt', 'compound').set('attStmt', Array(MAX_COMPOUND_STATEMENTS).fill(entry)));
    expect(await asyncCodeOf(verifyReg(c, {}, at))).not.toBe('ERR_ATTESTATION_COMPOUND_INVALID');
  });
});

describe('1 MB of hostile input in every member and parser → its rejection code', () => {
  const big = 'A'.repeat(MB);
  for (const member of ['clientDataJSON', 'authenticatorData', 'signature', 'userHandle'] as const) {
    it(`assertion response.${member} = 1 MB → ERR_RESPONSE_TOO_LARGE`, async () => {
      const c = await makeAssertion();
      const r = cloneJson(c.response) as Record<string, any>;
      r.response[member] = big;
      await expectCode(verifyAuth(c, {}, r), 'ERR_RESPONSE_TOO_LARGE');
    });
  }
  it('registration response.attestationObject / clientDataJSON / id = 1 MB → ERR_RESPONSE_TOO_LARGE', async () => {
    const c = await makeRegistration();
    for (const edit of [
      (r: any) => (r.response.attestationObject = big),
      (r: any) => (r.response.clientDataJSON = big),
      (r: any) => ((r.id = big), (r.rawId = big)),
    ]) {
      const r = cloneJson(c.response);
      edit(r);
      await expectCode(verifyReg(c, {}, r), 'ERR_RESPONSE_TOO_LARGE');
    }
  });
  it('1 MB into each parser', () => {
    const zeros = new Uint8Array(MB);
    const nested = new Uint8Array(MB).fill(0x81); // arrays nested a million deep
    const wideArray = new Uint8Array(MB); // [0, 0, 0, …] with a 4-byte length
    wideArray.set([0x9a, 0x00, 0x0f, 0xff, 0xfb]);
    expect(codeOf(() => parseClientDataJSON(zeros))).toBe('ERR_CLIENT_DATA_TOO_LARGE');
    expect(codeOf(() => parseAuthenticatorData(zeros))).toBe('ERR_AUTH_DATA_TOO_LONG');
    expect(codeOf(() => decodeCbor(nested))).toBe('ERR_CBOR_DEPTH_EXCEEDED');
    expect(codeOf(() => decodeCbor(wideArray))).toBe('ERR_CBOR_TOO_LARGE');
    expect(codeOf(() => parseAttestationObject(nested))).toBe('ERR_CBOR_DEPTH_EXCEEDED');
    expect(codeOf(() => decodeCOSEKey(nested))).toBe('ERR_CBOR_DEPTH_EXCEEDED');
    expect(codeOf(() => parseCertificate(zeros))).toBe('ERR_X509_MALFORMED');
  });
  it('a 1 MB clientDataJSON with a million duplicate-looking keys never reaches the JSON parser', () => {
    const text = `{${'"a":1,'.repeat(MB / 6)}"b":2}`;
    expect(codeOf(() => parseClientDataJSON(new TextEncoder().encode(text)))).toBe('ERR_CLIENT_DATA_TOO_LARGE');
  });
});
