/**
 * The parsed-certificate and signature-verdict caches (src/x509/certificate-cache.ts): hits only
 * for byte-identical DER, no caching of failures, bounded size, verdicts that still reject a bad
 * signature on every call, and registration results that do not expose cached bytes.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeOf } from '../../helpers/codes.js';
import { encodeBase64url } from '../../../src/encoding/base64url.js';
import { verifyRegistration } from '../../../src/ceremony/registration.js';
import {
  createAttestationChain,
  createRegistrationResponse,
  createTestCredential,
  type TestAttestationChain,
  type TestCredential,
} from '../../../src/testing/index.js';
import { flipLastByte, generateTestKeyPair, issueTestCertificate } from '../../../src/testing/certificates.js';
import { parseCertificate } from '../../../src/x509/certificate.js';
import {
  CERTIFICATE_CACHE_SIZE,
  cachedSignatureVerdict,
  certificateCacheSize,
  clearCertificateCache,
  parseCertificateCached,
  rememberSignatureVerdict,
} from '../../../src/x509/certificate-cache.js';
import { validateCertificatePath } from '../../../src/x509/path.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x33));


let chain: TestAttestationChain;
let cred: TestCredential;
beforeAll(async () => {
  chain = await createAttestationChain();
  cred = await createTestCredential({ alg: -7 });
});
beforeEach(() => clearCertificateCache());

describe('parseCertificateCached', () => {
  it('returns the same parsed object for the same bytes (also from another buffer), equal to parseCertificate', () => {
    const a = parseCertificateCached(chain.x5c[0]!);
    const b = parseCertificateCached(chain.x5c[0]!.slice());
    expect(b).toBe(a);
    const fresh = parseCertificate(chain.x5c[0]!);
    expect(fresh).not.toBe(a);
    expect(a.fingerprintSha256).toBe(fresh.fingerprintSha256);
    expect(a.der).toEqual(fresh.der);
    expect(certificateCacheSize()).toBe(1);
  });

  it('different bytes never share an entry, even one bit apart', () => {
    const a = parseCertificateCached(chain.x5c[0]!);
    // The flipped last byte sits in the signature: still a well-formed certificate.
    const b = parseCertificateCached(flipLastByte(chain.x5c[0]!));
    expect(b).not.toBe(a);
    expect(b.fingerprintSha256).not.toBe(a.fingerprintSha256);
    expect(certificateCacheSize()).toBe(2);
  });

  it('does not cache failures: a malformed certificate throws the same coded error every time', () => {
    const bad = new Uint8Array([...chain.x5c[0]!, 0x00]);
    for (let i = 0; i < 3; i++) expect(() => parseCertificateCached(bad)).toThrow(expect.objectContaining({ code: 'ERR_X509_MALFORMED' }));
    expect(() => parseCertificateCached('x' as unknown as Uint8Array)).toThrow(expect.objectContaining({ code: 'ERR_X509_MALFORMED' }));
    expect(certificateCacheSize()).toBe(0);
  });

  it('an entry whose bytes were modified by its holder is dropped and the input parsed anew', () => {
    const a = parseCertificateCached(chain.x5c[0]!);
    (a.der as Uint8Array)[10]! ^= 0xff; // misuse: cached objects are read-only
    const b = parseCertificateCached(chain.x5c[0]!);
    expect(b).not.toBe(a);
    expect(b.der).toEqual(chain.x5c[0]);
  });

  it(`holds at most ${CERTIFICATE_CACHE_SIZE} certificates (least recently used goes first)`, async () => {
    const keys = await generateTestKeyPair('ES256');
    const first = parseCertificateCached(chain.x5c[0]!);
    const issue = (i: number) =>
      issueTestCertificate({
        subject: [['CN', `cache ${i}`]],
        publicKey: keys.publicKey,
        signingKey: keys.privateKey,
        notBefore: new Date('2030-01-01T00:00:00Z'),
        notAfter: new Date('2031-01-01T00:00:00Z'),
      });
    const certs = await Promise.all(Array.from({ length: CERTIFICATE_CACHE_SIZE + 5 }, (_, i) => issue(i)));
    for (const c of certs) parseCertificateCached(c.der);
    expect(certificateCacheSize()).toBe(CERTIFICATE_CACHE_SIZE);
    expect(parseCertificateCached(chain.x5c[0]!)).not.toBe(first); // evicted, parsed again
    const last = certs[certs.length - 1]!.der;
    expect(parseCertificateCached(last)).toBe(parseCertificateCached(last));
  }, 60_000);
});

describe('signature verdict cache', () => {
  it('is used only between two cached certificates', () => {
    const leaf = parseCertificateCached(chain.x5c[0]!);
    const inter = parseCertificateCached(chain.x5c[1]!);
    rememberSignatureVerdict(leaf, inter, true);
    expect(cachedSignatureVerdict(leaf, inter)).toBe(true);
    const publicLeaf = parseCertificate(chain.x5c[0]!);
    rememberSignatureVerdict(publicLeaf, inter, true);
    expect(cachedSignatureVerdict(publicLeaf, inter)).toBeUndefined();
    clearCertificateCache();
    expect(cachedSignatureVerdict(leaf, inter)).toBeUndefined();
  });

  it('path validation fills it with real verdicts: a tampered chain fails on the first and every later call', async () => {
    const now = new Date();
    const anchors = chain.anchorsPem.map((pem) => parseCertificateCached(new Uint8Array(Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'))));
    const good = chain.x5c.map((d) => parseCertificateCached(d));
    await validateCertificatePath(good, anchors, now);
    expect(cachedSignatureVerdict(good[0]!, good[1]!)).toBe(true);
    const bad = await createAttestationChain({ faults: { tamperLeafSignature: true } });
    const badAnchors = bad.anchorsPem.map((pem) => parseCertificateCached(new Uint8Array(Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'))));
    const badChain = bad.x5c.map((d) => parseCertificateCached(d));
    for (let i = 0; i < 3; i++) {
      await expect(validateCertificatePath(badChain, badAnchors, now)).rejects.toMatchObject({ code: 'ERR_X509_SIGNATURE_INVALID' });
    }
    expect(cachedSignatureVerdict(badChain[0]!, badChain[1]!)).toBe(false);
  });
});

describe('verifyRegistration through the caches', () => {
  const register = async (anchors: readonly string[], c: TestAttestationChain = chain) => {
    const response = await createRegistrationResponse({
      credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed', attestation: 'x5c',
      x5c: { certificates: c.x5c, privateKey: c.leaf.privateKey },
    });
    return verifyRegistration({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, attestation: { trustAnchors: anchors } });
  };

  it('gives the same verdicts on a cold and a warm cache, and the trust path is a copy', async () => {
    const cold = await register(chain.anchorsPem);
    expect(certificateCacheSize()).toBe(3); // leaf, intermediate, root anchor
    const warm = await register(chain.anchorsPem);
    expect(warm.attestation).toEqual(cold.attestation);
    expect(warm.attestation.trusted).toBe(true);
    // Scribbling on a result must not reach the cache or the next call.
    const cachedLeaf = parseCertificateCached(chain.x5c[0]!);
    warm.attestation.trustPath[0]!.fill(0);
    expect(parseCertificateCached(chain.x5c[0]!)).toBe(cachedLeaf); // untouched, still a hit
    const again = await register(chain.anchorsPem);
    expect(again.attestation.trustPath).toEqual(chain.x5c);
    // A wrong anchor after a successful, cached path is still refused.
    const other = await createAttestationChain();
    expect(await codeOf(register(other.anchorsPem))).toBe('ERR_X509_SIGNATURE_INVALID');
    expect(await codeOf(register(chain.anchorsPem))).toBe('verified');
  });

  it('dates are evaluated on every call, not cached: the same chain expires', async () => {
    await register(chain.anchorsPem);
    const response = await createRegistrationResponse({
      credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed', attestation: 'x5c',
      x5c: { certificates: chain.x5c, privateKey: chain.leaf.privateKey },
    });
    const later = new Date(Date.now() + 100 * 365 * 86_400_000);
    expect(
      await codeOf(verifyRegistration({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, attestation: { trustAnchors: chain.anchorsPem, now: later } })),
    ).toBe('ERR_X509_EXPIRED');
  });
});
