/**
 * Attack: a copy of Google's Key Attestation CA1 (the new opt-in known root) with the attacker's own
 * P-384 key. The attacker takes the real CA1 certificate, swaps its SubjectPublicKeyInfo for their
 * key and re-signs it, so the copy has CA1's exact subject Name, validity, extensions and key
 * identifiers; then issues an "attestation" leaf under it. With GOOGLE_KEY_ATTESTATION_CA1 as the
 * only anchor, neither the copy nor the leaf it signed may validate.
 *
 * Clause: RFC 5280 §6.1.1 d (trust anchor information is the issuer name AND its public key; a
 * certificate that only shares the name is not the anchor), §6.1.3 a.1 (every signature is checked
 * with the working public key, which starts as the anchor's); WebAuthn L3 §8.4 step "verify that
 * the attestation certificate chains to an acceptable root".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GOOGLE_KEY_ATTESTATION_CA1 } from '../../src/x509/roots.js';
import { p1363ToDer } from '../../src/signature/der.js';
import { generateTestKeyPair, issueTestCertificate } from '../../src/testing/certificates.js';
import { parseCertificate, type ParsedCertificate } from '../../src/x509/certificate.js';
import { validateCertificatePath } from '../../src/x509/path.js';
import { parseTrustAnchors } from '../../src/x509/pem.js';
import { codeOf } from '../helpers/codes.js';
import { hex, seq, tlv } from './x509-der-builder.js';

const NOW = new Date('2026-02-25T00:00:00Z');
const [CA1] = parseTrustAnchors([GOOGLE_KEY_ATTESTATION_CA1.pem]);

/** Offset just past the tag and length of the DER element starting at `at`. */
function contentStart(der: Uint8Array, at: number): { start: number; end: number } {
  const first = der[at + 1]!;
  const lengthBytes = first < 0x80 ? 0 : first & 0x7f;
  let length = first < 0x80 ? first : 0;
  for (let i = 0; i < lengthBytes; i++) length = (length << 8) | der[at + 2 + i]!;
  const start = at + 2 + lengthBytes;
  return { start, end: start + length };
}

/** CA1's TBSCertificate with `spki` in place of CA1's key, re-signed (ecdsa-with-SHA384) by `key`. */
async function impostorOf(real: ParsedCertificate, spki: Uint8Array, key: CryptoKey): Promise<Uint8Array> {
  const outer = contentStart(real.der, 0);
  const tbsEnd = contentStart(real.der, outer.start).end;
  const tbs = real.der.slice(outer.start, tbsEnd);
  const at = Buffer.from(tbs).indexOf(Buffer.from(real.spki));
  expect(at).toBeGreaterThan(0);
  expect(spki.length).toBe(real.spki.length); // P-384 SPKI: same length, so no length fix-ups
  tbs.set(spki, at);
  const p1363 = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-384' }, key, tbs));
  const signature = new Uint8Array([0, ...p1363ToDer(p1363)]);
  return seq(tbs, seq(hex('06082a8648ce3d040303')), tlv(0x03, signature));
}

let impostor: ParsedCertificate;
let leaf: ParsedCertificate;
beforeAll(async () => {
  const attacker = await generateTestKeyPair('ES384');
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', attacker.publicKey));
  impostor = parseCertificate(await impostorOf(CA1!, spki, attacker.privateKey));
  const leafKeys = await generateTestKeyPair();
  const issued = await issueTestCertificate({
    issuer: { certificate: impostor, privateKey: attacker.privateKey },
    subject: [['CN', 'Android Keystore Key']],
    publicKey: leafKeys.publicKey, signingKey: attacker.privateKey, hash: 'SHA-384',
    notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z'),
  });
  leaf = issued.certificate;
});

describe('attack: a re-keyed copy of Key Attestation CA1', () => {
  it('the copy is CA1 in every field but the key (so the test is about the key alone)', () => {
    expect(Buffer.from(impostor.subjectDer).equals(Buffer.from(CA1!.subjectDer))).toBe(true);
    expect(impostor.notAfter.getTime()).toBe(CA1!.notAfter.getTime());
    expect([...impostor.extensions.keys()]).toEqual([...CA1!.extensions.keys()]);
    expect(impostor.fingerprintSha256).not.toBe(GOOGLE_KEY_ATTESTATION_CA1.sha256Fingerprint);
  });

  it('the copy alone is not the anchor', async () => {
    expect(await codeOf(validateCertificatePath([impostor], [CA1!], NOW))).toBe('ERR_X509_SIGNATURE_INVALID');
  });

  it('a leaf it signed does not chain to CA1, with or without the copy in the chain', async () => {
    expect(await codeOf(validateCertificatePath([leaf, impostor], [CA1!], NOW))).toBe('ERR_X509_SIGNATURE_INVALID');
    expect(await codeOf(validateCertificatePath([leaf], [CA1!], NOW))).toBe('ERR_X509_SIGNATURE_INVALID');
  });

  it('positive control: with the copy as the configured anchor, the same leaf validates', async () => {
    expect(await codeOf(validateCertificatePath([leaf], [impostor], NOW))).toBe('verified');
  });
});
