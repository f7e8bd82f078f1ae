/**
 * Attack (issue 11 finding 1, follow-up): a certificate whose Ed25519 subject key is a small-order
 * point. With A = identity (01 00…00), the signature R = identity, S = 0 passes the cofactorless
 * RFC 8032 check OpenSSL runs (node:crypto, WebCrypto on Node) for every message, so such a key
 * "signs" any TBSCertificate, and any attestation statement, without a private key. Before the fix
 * src/x509/public-key.ts took any 32 bytes as an Ed25519 certificate key.
 *
 * Clause: RFC 8032 §5.1.3 (decoding: y < p, x must exist) and our Key policy, stricter than §5.1.7,
 * which refuses the 8 small-order points for COSE keys (docs/security.md); RFC 8410 §3 (the key is
 * the 32-byte RFC 8032 encoding); RFC 5280 §6.1.3 a.1 (each certificate is verified with the
 * issuer's public key: a key that verifies everything verifies nothing).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseX5c, validateAttestationChain } from '../../src/attestation/trust.js';
import { isWebAuthnError } from '../../src/errors.js';
import type { SignatureBackend } from '../../src/signature/verify.js';
import {
  assembleTestCertificate,
  encodeTestTbsCertificate,
  generateTestKeyPair,
  issueTestCertificate,
  testSignatureAlgorithm,
} from '../../src/testing/certificates.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { certificatePublicKey } from '../../src/x509/public-key.js';
import { certificateSignatureVerifies } from '../../src/x509/signature.js';
import { buildAuthData, ecCredential, makeContext } from '../helpers/attestation-context.js';
import { codeOf } from '../helpers/codes.js';
import { identityPoint, identitySignature } from './eddsa-forgery.js';

const NOW = new Date('2030-06-01T00:00:00Z');
const VALID = { notBefore: new Date('2030-01-01T00:00:00Z'), notAfter: new Date('2031-01-01T00:00:00Z') };
const BACKENDS: SignatureBackend[] = ['node', 'webcrypto', 'noble'];
const ED25519_SPKI_PREFIX = Uint8Array.from(Buffer.from('302a300506032b6570032100', 'hex')); // RFC 8410 §4
const P = (1n << 255n) - 19n;
const le = (v: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));

/** A certificate for `key` (raw Ed25519 bytes), "signed" with the chosen bytes `signature`: no private key. */
function forgedCertificate(subject: string, key: Uint8Array, issuerName = subject, ca = true): Uint8Array {
  const signatureAlgorithm = testSignatureAlgorithm('Ed25519');
  const tbs = encodeTestTbsCertificate({
    subject: [['CN', subject]], issuerName: [['CN', issuerName]], spki: new Uint8Array([...ED25519_SPKI_PREFIX, ...key]),
    signatureAlgorithm, ...VALID, ca, ...(ca ? { keyUsage: ['keyCertSign' as const] } : {}),
  });
  return assembleTestCertificate(tbs, signatureAlgorithm, identitySignature(32));
}

/** The reason certificatePublicKey refuses the certificate's key with, or 'ok'. */
function keyVerdict(der: Uint8Array): string {
  try {
    certificatePublicKey(parseCertificate(der));
    return 'ok';
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    return `${e.code}:${String(e.details?.reason)}`;
  }
}

/** Every point of order dividing 8, canonically encoded (walked from noble's torsion subgroup). */
const TORSION = Array.from({ length: 8 }, (_, i) => {
  const t = ed25519.Point.fromBytes(Uint8Array.from(Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex')));
  return i === 0 ? ed25519.Point.ZERO.toBytes() : t.multiply(BigInt(i)).toBytes();
});

describe('attack: a certificate whose Ed25519 key is a small-order point', () => {
  it('the 8 small-order points are 8 distinct encodings of order dividing 8 (test setup)', () => {
    expect(new Set(TORSION.map((t) => Buffer.from(t).toString('hex'))).size).toBe(8);
    for (const t of TORSION) expect(ed25519.Point.fromBytes(t).isSmallOrder()).toBe(true);
  });

  it.each(TORSION.map((t, i) => [i, t] as const))('torsion point %i as the certificate key is refused (ERR_X509_UNSUPPORTED_KEY, small-order)', (_, t) => {
    expect(keyVerdict(forgedCertificate('Small', t))).toBe('ERR_X509_UNSUPPORTED_KEY:small-order');
  });

  it('a non-canonical identity (y = p + 1) and an off-curve y are refused too (RFC 8032 §5.1.3 steps 1-3)', () => {
    expect(keyVerdict(forgedCertificate('Non-canonical', le(P + 1n)))).toBe('ERR_X509_UNSUPPORTED_KEY:non-canonical');
    let y = 2n;
    for (; ; y++) { try { ed25519.Point.fromBytes(le(y)); } catch { break; } }
    expect(keyVerdict(forgedCertificate('Off-curve', le(y)))).toBe('ERR_X509_UNSUPPORTED_KEY:not-on-curve');
  });

  it.each(BACKENDS)('a self-signed identity-key certificate with R = identity, S = 0 does not verify itself (%s)', async (backend) => {
    const cert = parseCertificate(forgedCertificate('Identity CA', identityPoint(32)));
    // Before the fix: true on node and webcrypto (0 = 0 + [k]·0), false on noble.
    expect(await codeOf(certificateSignatureVerifies(cert, cert, backend))).toBe('ERR_X509_UNSUPPORTED_KEY');
  });

  it('an unanchored chain [leaf, identity-key CA], both "signed" with R = identity, S = 0, is refused', async () => {
    const credential = await ecCredential();
    const ca = forgedCertificate('Identity CA', identityPoint(32));
    const leaf = forgedCertificate('Leaf', identityPoint(32), 'Identity CA', false);
    const ctx = makeContext({ authData: buildAuthData(), credentialKey: credential.coseKey, now: NOW });
    expect(await codeOf(validateAttestationChain(parseX5c([leaf, ca]), ctx))).toBe('ERR_X509_UNSUPPORTED_KEY');
  });
});

describe('control: a genuine Ed25519 certificate key', () => {
  let genuine: Uint8Array;
  beforeAll(async () => {
    const keys = await generateTestKeyPair('Ed25519');
    genuine = (await issueTestCertificate({ subject: [['CN', 'Genuine Ed25519 CA']], publicKey: keys.publicKey, signingKey: keys.privateKey, ...VALID, ca: true, keyUsage: ['keyCertSign'] })).der;
  });

  it('is accepted as an OKP Ed25519 key', () => {
    expect(keyVerdict(genuine)).toBe('ok');
    expect(certificatePublicKey(parseCertificate(genuine))).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: undefined });
  });

  it.each(BACKENDS)('and its self-signature verifies (%s)', async (backend) => {
    const cert = parseCertificate(genuine);
    expect(await certificateSignatureVerifies(cert, cert, backend)).toBe(true);
  });
});
