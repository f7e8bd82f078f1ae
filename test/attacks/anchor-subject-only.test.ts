/**
 * Attack (issue 11, mutation survivor): an x5c certificate that copies a trust anchor's subject Name
 * but carries another key. If anchors were matched by subject alone, a lone self-signed copy would
 * be "the anchor" and trusted. The mutation run found no test that noticed; this is that test.
 *
 * Clause: RFC 5280 §6.1.1 d (trust anchor information is the trusted issuer name AND the trusted
 * public key; the name alone identifies nothing), §6.1.3 a.1 (each certificate is verified with
 * the working public key, which comes from the anchor).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseX5c, validateAttestationChain } from '../../src/attestation/trust.js';
import { generateTestKeyPair, issueTestCertificate, type TestCertificate } from '../../src/testing/certificates.js';
import { validateCertificatePath } from '../../src/x509/path.js';
import { buildAuthData, ecCredential, makeContext } from '../helpers/attestation-context.js';
import { codeOf } from '../helpers/codes.js';

const NOW = new Date('2030-06-01T00:00:00Z');
const VALID = { notBefore: new Date('2030-01-01T00:00:00Z'), notAfter: new Date('2031-01-01T00:00:00Z') };
const SUBJECT: Array<[string, string]> = [['C', 'US'], ['O', 'Vendor'], ['CN', 'Vendor Attestation Root']];

let anchorKeys: CryptoKeyPair, attackerKeys: CryptoKeyPair;
let anchor: TestCertificate, copy: TestCertificate;
beforeAll(async () => {
  [anchorKeys, attackerKeys] = await Promise.all([generateTestKeyPair(), generateTestKeyPair()]);
  const ca = { ...VALID, ca: true, keyUsage: ['keyCertSign', 'cRLSign'] as const };
  anchor = await issueTestCertificate({ subject: SUBJECT, publicKey: anchorKeys.publicKey, signingKey: anchorKeys.privateKey, ...ca, keyUsage: [...ca.keyUsage] });
  // Self-signed, well formed, valid, a CA: everything the anchor is except its key.
  copy = await issueTestCertificate({ subject: SUBJECT, publicKey: attackerKeys.publicKey, signingKey: attackerKeys.privateKey, ...ca, keyUsage: [...ca.keyUsage] });
});

describe('attack: an anchor matched by subject only', () => {
  it('a lone self-signed certificate copying the anchor subject with another key is not trusted', async () => {
    expect(await codeOf(validateCertificatePath([copy.certificate], [anchor.certificate], NOW))).toBe('ERR_X509_SIGNATURE_INVALID');
    const ctx = makeContext({ authData: buildAuthData(), credentialKey: (await ecCredential()).coseKey, now: NOW, trustAnchors: [anchor.certificate] });
    expect(await codeOf(validateAttestationChain(parseX5c([copy.der]), ctx))).toBe('ERR_X509_SIGNATURE_INVALID');
  });

  it('nor as the top of a chain whose leaf it signed', async () => {
    const leafKeys = await generateTestKeyPair();
    const leaf = await issueTestCertificate({
      issuer: { certificate: copy.certificate, privateKey: attackerKeys.privateKey },
      subject: [['CN', 'leaf']], publicKey: leafKeys.publicKey, signingKey: attackerKeys.privateKey, ...VALID,
    });
    expect(await codeOf(validateCertificatePath([leaf.certificate, copy.certificate], [anchor.certificate], NOW))).toBe('ERR_X509_SIGNATURE_INVALID');
  });

  it('nor in place of the anchor above a leaf the anchor really signed: the copy is a path certificate, and unsigned by the anchor', async () => {
    // With subject-only matching the copy would "be" the anchor and be skipped; it is not, so the
    // path is leaf → copy → (anchor), and the anchor's key does not verify the copy.
    const leafKeys = await generateTestKeyPair();
    const leaf = await issueTestCertificate({
      issuer: { certificate: anchor.certificate, privateKey: anchorKeys.privateKey },
      subject: [['CN', 'leaf']], publicKey: leafKeys.publicKey, signingKey: anchorKeys.privateKey, ...VALID,
    });
    expect(await codeOf(validateCertificatePath([leaf.certificate, copy.certificate], [anchor.certificate], NOW))).toBe('ERR_X509_SIGNATURE_INVALID');
  });

  it('control: the anchor itself, and a leaf the anchor signed, are trusted', async () => {
    await expect(validateCertificatePath([anchor.certificate], [anchor.certificate], NOW)).resolves.toBeDefined();
    const leafKeys = await generateTestKeyPair();
    const leaf = await issueTestCertificate({
      issuer: { certificate: anchor.certificate, privateKey: anchorKeys.privateKey },
      subject: [['CN', 'leaf']], publicKey: leafKeys.publicKey, signingKey: anchorKeys.privateKey, ...VALID,
    });
    // The copy configured next to the anchor does not get in the way, in either order.
    for (const anchors of [[copy.certificate, anchor.certificate], [anchor.certificate, copy.certificate]]) {
      expect((await validateCertificatePath([leaf.certificate], anchors, NOW)).anchor.der).toEqual(anchor.der);
    }
  });
});
