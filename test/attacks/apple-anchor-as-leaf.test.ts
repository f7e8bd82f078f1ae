/**
 * Attack (issue 11, finding 2): an apple x5c whose only certificate is a forgery carrying the trust
 * anchor's subject Name and public key (plus the nonce extension, an unknown critical extension, a
 * wrong issuer and a junk signature) came out `{ fmt: 'apple', type: 'anonca', trusted: true }`.
 *
 * Clauses: RFC 5280 §6.1.1 d (trust anchor information is a name and a key: it may stand in for the
 * certificate a chain presents as its top CA, never for the certificate whose key and extensions
 * the statement relies on, x5c[0]); WebAuthn L3 §8.8 step 6 (trust path x5c: credCert must chain to
 * the anchor, with a signature, §6.1.3 a.1); RFC 5280 §4.2 (an unknown critical extension makes a
 * certificate invalid).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OID_APPLE_NONCE, verifyApple } from '../../src/attestation/apple.js';
import { concat } from '../../src/encoding/bytes.js';
import { flipLastByte, generateTestKeyPair, issueTestCertificate, type TestCertificate } from '../../src/testing/certificates.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { validateCertificatePath } from '../../src/x509/path.js';
import { certificatePublicKey } from '../../src/x509/public-key.js';
import { buildAuthData, makeContext, sha256 } from '../helpers/attestation-context.js';
import { codeOf } from '../helpers/codes.js';

const NOW = new Date('2030-06-01T00:00:00Z');
const VALID = { notBefore: new Date('2030-01-01T00:00:00Z'), notAfter: new Date('2031-01-01T00:00:00Z') };
const ANCHOR_SUBJECT: Array<[string, string]> = [['CN', 'Test Apple WebAuthn Root CA'], ['O', 'Test Inc.']];

/** Extension value SEQUENCE { [1] { OCTET STRING (32) } } (§8.8 step 4). */
const nonceExtension = (nonce: Uint8Array) => ({
  oid: OID_APPLE_NONCE,
  critical: false,
  valueDer: new Uint8Array([0x30, 0x24, 0xa1, 0x22, 0x04, 0x20, ...nonce]),
});

let anchorKeys: CryptoKeyPair;
let anchor: TestCertificate;
beforeAll(async () => {
  anchorKeys = await generateTestKeyPair();
  anchor = await issueTestCertificate({
    subject: ANCHOR_SUBJECT, publicKey: anchorKeys.publicKey, signingKey: anchorKeys.privateKey, ...VALID,
    ca: true, keyUsage: ['keyCertSign', 'cRLSign'],
  });
});

/** authData and clientDataHash whose nonce the certificate carries; the credential key is the anchor's. */
function statementInputs() {
  const credentialKey = certificatePublicKey(anchor.certificate);
  const authData = buildAuthData();
  const clientDataHash = crypto.getRandomValues(new Uint8Array(32));
  return { credentialKey, authData, clientDataHash, nonce: sha256(concat(authData, clientDataHash)) };
}

describe('attack: the apple anchor presented as the leaf (finding 2)', () => {
  it('a forged leaf with the anchor subject and key is not trusted (was anonca, trusted: true)', async () => {
    const { credentialKey, authData, clientDataHash, nonce } = statementInputs();
    const junkKeys = await generateTestKeyPair();
    const elsewhere = await issueTestCertificate({ subject: [['CN', 'Somebody Else']], publicKey: junkKeys.publicKey, signingKey: junkKeys.privateKey, ...VALID });
    const forged = await issueTestCertificate({
      issuer: { certificate: elsewhere.certificate, privateKey: junkKeys.privateKey }, // wrong issuer
      subject: ANCHOR_SUBJECT, publicKey: anchorKeys.publicKey, signingKey: junkKeys.privateKey, ...VALID,
      extensions: [nonceExtension(nonce), { oid: '1.2.3.4.5', critical: true, valueDer: new Uint8Array([0x05, 0x00]) }],
    });
    const x5c = [flipLastByte(forged.der)]; // junk signature as well
    const ctx = makeContext({ authData, clientDataHash, credentialKey, now: NOW, trustAnchors: [anchor.certificate] });
    const code = await codeOf(verifyApple(new Map([['x5c', x5c]]), ctx));
    expect(code).toMatch(/^ERR_X509_/);
    expect(code).not.toBe('verified');
  });

  it('the same forgery, clean apart from name + key (right nonce, no critical extension, self-issued): still not the anchor', async () => {
    const { credentialKey, authData, clientDataHash, nonce } = statementInputs();
    const junkKeys = await generateTestKeyPair();
    const forged = await issueTestCertificate({
      subject: ANCHOR_SUBJECT, publicKey: anchorKeys.publicKey, signingKey: junkKeys.privateKey, ...VALID,
      extensions: [nonceExtension(nonce)],
    });
    const ctx = makeContext({ authData, clientDataHash, credentialKey, now: NOW, trustAnchors: [anchor.certificate] });
    expect(await codeOf(verifyApple(new Map([['x5c', [forged.der]]]), ctx))).toBe('ERR_X509_SIGNATURE_INVALID');
    // At the path level: x5c[0] with an anchor's name and key is checked as a certificate (its signature here).
    expect(await codeOf(validateCertificatePath([parseCertificate(forged.der)], [anchor.certificate], NOW))).toBe('ERR_X509_SIGNATURE_INVALID');
  });

  it('control: a genuine credCert issued by the anchor is anonca, trusted: true', async () => {
    const credentialKeys = await generateTestKeyPair();
    const probe = await issueTestCertificate({ subject: [['CN', 'k']], publicKey: credentialKeys.publicKey, signingKey: credentialKeys.privateKey, ...VALID });
    const credentialKey = certificatePublicKey(probe.certificate);
    const authData = buildAuthData();
    const clientDataHash = crypto.getRandomValues(new Uint8Array(32));
    const credCert = await issueTestCertificate({
      issuer: { certificate: anchor.certificate, privateKey: anchorKeys.privateKey },
      subject: [['CN', 'credential']], publicKey: credentialKeys.publicKey, signingKey: anchorKeys.privateKey, ...VALID,
      extensions: [nonceExtension(sha256(concat(authData, clientDataHash)))],
    });
    const ctx = makeContext({ authData, clientDataHash, credentialKey, now: NOW, trustAnchors: [anchor.certificate] });
    await expect(verifyApple(new Map([['x5c', [credCert.der]]]), ctx)).resolves.toMatchObject({ fmt: 'apple', type: 'anonca', trusted: true });
  });
});
