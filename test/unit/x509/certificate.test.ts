import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isWebAuthnError } from '../../../src/errors.js';
import { generateTestKeyPair, issueTestCertificate } from '../../../src/testing/certificates.js';
import { nameValue, parseCertificate, parseBasicConstraints, type ParsedCertificate } from '../../../src/x509/certificate.js';
import { parseTrustAnchors, toPem } from '../../../src/x509/pem.js';
import { certificatePublicKey, spkiToCosePublicKey } from '../../../src/x509/public-key.js';

const now = new Date('2030-01-01T00:00:00Z');
const notBefore = new Date('2029-01-01T00:00:00Z');
const notAfter = new Date('2031-01-01T00:00:00Z');

async function selfSigned(alg: Parameters<typeof generateTestKeyPair>[0] = 'ES256', extra: object = {}) {
  const keys = await generateTestKeyPair(alg);
  return issueTestCertificate({
    subject: [['C', 'US'], ['O', 'Acme'], ['OU', 'Authenticator Attestation'], ['CN', `Test ${alg}`]],
    publicKey: keys.publicKey,
    signingKey: alg === 'ES256' || alg === 'ES384' || alg === 'ES512' ? keys.privateKey : (await generateTestKeyPair('ES256')).privateKey,
    notBefore,
    notAfter,
    ...extra,
  });
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isWebAuthnError(e) ? e.code : `non-WebAuthnError: ${String(e)}`;
  }
  return undefined;
}

describe('parseCertificate', () => {
  let der: Uint8Array;
  let parsed: ParsedCertificate;
  beforeAll(async () => {
    der = (await selfSigned('ES256', { serial: new Uint8Array([0x01, 0x02]), aaguid: new Uint8Array(16).fill(7) })).der;
    parsed = parseCertificate(der);
  });

  it('reads the fields of a generated v3 certificate', () => {
    expect(parsed.version).toBe(3);
    expect(parsed.serialNumberHex).toBe('0102');
    expect(nameValue(parsed.subject, 'OU')).toBe('Authenticator Attestation');
    expect(nameValue(parsed.subject, '2.5.4.3')).toBe('Test ES256');
    expect(nameValue(parsed.issuer, 'C')).toBe('US');
    expect(parsed.notBefore.toISOString()).toBe(notBefore.toISOString());
    expect(parsed.notAfter.toISOString()).toBe(notAfter.toISOString());
    expect(parsed.basicConstraints).toEqual({ ca: false });
    expect(parsed.extensions.get('1.3.6.1.4.1.45724.1.1.4')?.critical).toBe(false);
    expect(parsed.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.der).toEqual(der);
  });

  it('the test CA issues one attribute per RDN (RFC 5280 §4.1.2.4), as real CAs do', () => {
    // node:crypto's X509Certificate prints one line per RDN; a multi-valued RDN would print as one
    // line joined with '+'.
    const x = new X509Certificate(der);
    expect(x.subject.split('\n')).toEqual(['C=US', 'O=Acme', 'OU=Authenticator Attestation', 'CN=Test ES256']);
    expect(x.subject).not.toContain('+');
    // and in the bytes: the Name is SEQUENCE OF four SETs of one AttributeTypeAndValue each
    const name = asn1js.fromBER(parsed.subjectDer.slice().buffer);
    const rdns = (name.result as asn1js.Sequence).valueBlock.value;
    expect(rdns).toHaveLength(4);
    for (const rdn of rdns) expect((rdn as asn1js.Set).valueBlock.value).toHaveLength(1);
  });

  it('rejects a trailing byte', () => {
    const withTrailer = new Uint8Array([...der, 0x00]);
    expect(code(() => parseCertificate(withTrailer))).toBe('ERR_X509_MALFORMED');
  });

  it('rejects garbage, empty input and non-bytes', () => {
    expect(code(() => parseCertificate(new Uint8Array([1, 2, 3, 4])))).toBe('ERR_X509_MALFORMED');
    expect(code(() => parseCertificate(new Uint8Array()))).toBe('ERR_X509_MALFORMED');
    expect(code(() => parseCertificate('MIIB' as unknown as Uint8Array))).toBe('ERR_X509_MALFORMED');
  });

  it('rejects a truncated certificate', () => {
    expect(code(() => parseCertificate(der.subarray(0, der.length - 1)))).toBe('ERR_X509_MALFORMED');
  });

  it('rejects a BER (non-minimal) length that asn1js would accept', () => {
    // Re-encode the outer SEQUENCE length with one extra length octet: 30 82 xx xx → 30 83 00 xx xx.
    expect(der[1]).toBe(0x82);
    const ber = new Uint8Array([0x30, 0x83, 0x00, der[2]!, der[3]!, ...der.subarray(4)]);
    expect(code(() => parseCertificate(ber))).toBe('ERR_X509_MALFORMED');
  });

  it('rejects deep nesting, huge declared lengths and indefinite lengths without hanging', () => {
    const deep = new Uint8Array(2000);
    for (let i = 0; i < 1000; i++) deep.set([0x30, 0x80], i * 2);
    expect(code(() => parseCertificate(deep))).toBe('ERR_X509_MALFORMED');
    const nested = new Uint8Array(120).map((_, i) => (i % 2 === 0 ? 0x30 : 119 - i)); // 60 properly nested SEQUENCEs
    expect(code(() => parseCertificate(nested))).toBe('ERR_X509_MALFORMED');
    expect(code(() => parseCertificate(new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00])))).toBe('ERR_X509_MALFORMED');
    expect(code(() => parseCertificate(new Uint8Array([0x30, 0x80, 0x00, 0x00])))).toBe('ERR_X509_MALFORMED');
  });

  it('rejects certificates larger than 16 KiB', () => {
    expect(code(() => parseCertificate(new Uint8Array(16 * 1024 + 1)))).toBe('ERR_X509_MALFORMED');
  });

  it('property: any mutation either parses or throws ERR_X509_MALFORMED', () => {
    fc.assert(
      fc.property(fc.nat(der.length - 1), fc.integer({ min: 1, max: 255 }), fc.nat(4), (pos, xor, cut) => {
        const m = der.slice(0, der.length - cut);
        if (pos < m.length) m[pos] = m[pos]! ^ xor;
        const c = code(() => parseCertificate(m));
        expect(c === undefined || c === 'ERR_X509_MALFORMED').toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('property: random bytes throw ERR_X509_MALFORMED', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(code(() => parseCertificate(bytes))).toBe('ERR_X509_MALFORMED');
      }),
      { numRuns: 300 },
    );
  });

  it('parses a v1 certificate (no extensions)', async () => {
    const v1 = parseCertificate((await selfSigned('ES256', { version: 1 })).der);
    expect(v1.version).toBe(1);
    expect(v1.extensions.size).toBe(0);
    expect(v1.basicConstraints).toBeUndefined();
  });
});

describe('parseBasicConstraints', () => {
  it('accepts DER forms and the explicit cA FALSE emitted by Chromium', () => {
    expect(parseBasicConstraints(new Uint8Array([0x30, 0x00]))).toEqual({ ca: false });
    expect(parseBasicConstraints(new Uint8Array([0x30, 0x03, 0x01, 0x01, 0xff]))).toEqual({ ca: true });
    expect(parseBasicConstraints(new Uint8Array([0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x02]))).toEqual({ ca: true, pathLen: 2 });
    expect(parseBasicConstraints(new Uint8Array([0x30, 0x03, 0x01, 0x01, 0x00]))).toEqual({ ca: false });
  });
  it('rejects malformed values', () => {
    expect(code(() => parseBasicConstraints(new Uint8Array([0x30, 0x03, 0x01, 0x01, 0x01])))).toBe('ERR_X509_MALFORMED');
    expect(code(() => parseBasicConstraints(new Uint8Array([0x31, 0x00])))).toBe('ERR_X509_MALFORMED');
    expect(code(() => parseBasicConstraints(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0xff])))).toBe('ERR_X509_MALFORMED');
    expect(code(() => parseBasicConstraints(new Uint8Array([0x30, 0x03, 0x04, 0x01, 0x00])))).toBe('ERR_X509_MALFORMED');
  });
});

describe('parseTrustAnchors', () => {
  let a: Uint8Array;
  let b: Uint8Array;
  beforeAll(async () => {
    a = (await selfSigned('ES256')).der;
    b = (await selfSigned('ES256')).der;
  });

  it('reads several CERTIFICATE blocks from one PEM string, with text between them, and DER bytes', () => {
    const pem = `Root A\n${toPem(a)}\nsome comment\n${toPem(b).replace(/\n/g, '\r\n')}`;
    const anchors = parseTrustAnchors([pem, b]);
    expect(anchors.map((x) => x.der)).toEqual([a, b, b]);
  });

  it('property: arbitrary strings either parse or throw ERR_X509_ANCHOR_INVALID', () => {
    const pemish = fc.oneof(
      fc.string(),
      fc.string().map((body) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`),
      fc.base64String().map((body) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`),
    );
    fc.assert(
      fc.property(pemish, (text) => {
        expect(code(() => parseTrustAnchors([text]))).toBe('ERR_X509_ANCHOR_INVALID');
      }),
      { numRuns: 300 },
    );
  });

  it('rejects garbage, other PEM labels, bad base64 and wrong types', () => {
    expect(code(() => parseTrustAnchors(['not a pem']))).toBe('ERR_X509_ANCHOR_INVALID');
    expect(code(() => parseTrustAnchors(['-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----']))).toBe('ERR_X509_ANCHOR_INVALID');
    expect(code(() => parseTrustAnchors(['-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----']))).toBe('ERR_X509_ANCHOR_INVALID');
    expect(code(() => parseTrustAnchors(['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----']))).toBe('ERR_X509_ANCHOR_INVALID');
    expect(code(() => parseTrustAnchors([new Uint8Array([1, 2, 3])]))).toBe('ERR_X509_ANCHOR_INVALID');
    expect(code(() => parseTrustAnchors([42 as unknown as string]))).toBe('ERR_X509_ANCHOR_INVALID');
    expect(code(() => parseTrustAnchors('x' as unknown as string[]))).toBe('ERR_X509_ANCHOR_INVALID');
  });
});

describe('certificatePublicKey', () => {
  it('converts EC P-256/P-384/P-521, RSA 2048 and Ed25519 keys', async () => {
    for (const [alg, crv] of [['ES256', 'P-256'], ['ES384', 'P-384'], ['ES512', 'P-521']] as const) {
      const key = certificatePublicKey(parseCertificate((await selfSigned(alg)).der));
      expect(key).toMatchObject({ kty: 'EC2', crv, alg: undefined });
    }
    const rsa = certificatePublicKey(parseCertificate((await selfSigned('RS256')).der));
    expect(rsa.kty).toBe('RSA');
    if (rsa.kty === 'RSA') {
      expect(rsa.n.length).toBe(256);
      expect(Array.from(rsa.e)).toEqual([1, 0, 1]);
    }
    const ed = certificatePublicKey(parseCertificate((await selfSigned('Ed25519')).der));
    expect(ed).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
  });

  it('rejects off-curve points, compressed points, unknown curves, explicit parameters and small RSA keys', async () => {
    const keys = await generateTestKeyPair('ES256');
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    expect(spkiToCosePublicKey(spki).kty).toBe('EC2');
    const offCurve = spki.slice();
    offCurve[offCurve.length - 1] ^= 0x01;
    expect(code(() => spkiToCosePublicKey(offCurve))).toBe('ERR_X509_UNSUPPORTED_KEY');
    // secp256k1 (1.3.132.0.10) instead of P-256: an unsupported named curve.
    const k1 = new Uint8Array([...spki.subarray(0, 2), 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a, ...spki.subarray(23)]);
    k1[1] = k1.length - 2;
    expect(code(() => spkiToCosePublicKey(k1))).toBe('ERR_X509_UNSUPPORTED_KEY');
    // Parameters as an explicit SEQUENCE (specifiedCurve) instead of a named curve OID.
    const explicit = new Uint8Array([0x30, 0x13 + 0x44 - 0x13 + 0x0b, 0x30, 0x0b, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x30, 0x00, ...spki.subarray(23)]);
    explicit[1] = explicit.length - 2;
    expect(code(() => spkiToCosePublicKey(explicit))).toBe('ERR_X509_UNSUPPORTED_KEY');
    // Compressed point (02 || x) under a valid P-256 header.
    const compressed = new Uint8Array([0x30, 0x39, ...spki.subarray(2, 23), 0x03, 0x22, 0x00, 0x02, ...spki.subarray(27, 59)]);
    expect(code(() => spkiToCosePublicKey(compressed))).toBe('ERR_X509_UNSUPPORTED_KEY');
    const small = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const smallSpki = new Uint8Array(await crypto.subtle.exportKey('spki', small.publicKey));
    expect(code(() => spkiToCosePublicKey(smallSpki))).toBe('ERR_X509_UNSUPPORTED_KEY');
    expect(code(() => spkiToCosePublicKey(new Uint8Array([0x30, 0x00])))).toBe('ERR_X509_UNSUPPORTED_KEY');
  });
});
