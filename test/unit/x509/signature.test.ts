/**
 * Certificate signatures through our own signature module (src/x509/signature.ts): every signature
 * algorithm attestation chains use, including ECDSA with a hash not bound to the curve (real Android
 * and Apple chains), on every backend, with node:crypto's X509Certificate as the oracle; and the
 * refusals: algorithm not fitting the issuer key, non-profile PSS parameters, tampered bytes.
 */
import { X509Certificate, constants, createPrivateKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { flipLastByte, generateTestKeyPair, issueTestCertificate, type TestLeafKeyAlg } from '../../../src/testing/certificates.js';
import { parseCertificate } from '../../../src/x509/certificate.js';
import { children, readTlv } from '../../../src/x509/der.js';
import { certificateSignatureVerifies } from '../../../src/x509/signature.js';

const FROM = new Date('2030-01-01T00:00:00Z');
const TO = new Date('2031-01-01T00:00:00Z');
const BACKENDS = ['node', 'webcrypto', 'noble'] as const;
/** node:crypto's X509Certificate is the oracle on Node; Bun's and Deno's lack PSS and P-521 there. */
const onNode = !('Bun' in globalThis) && !('Deno' in globalThis);
function x509Oracle(der: Uint8Array, issuerDer: Uint8Array): boolean | undefined {
  try {
    return new X509Certificate(der).verify(new X509Certificate(issuerDer).publicKey);
  } catch {
    return undefined;
  }
}

/** A self-signed CA with `alg`'s key, signing with `hash`, and a child certificate it signs. */
async function caAndChild(alg: TestLeafKeyAlg, hash?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512') {
  const caKeys = await generateTestKeyPair(alg);
  const ca = await issueTestCertificate({
    subject: [['CN', `CA ${alg} ${hash ?? ''}`]], publicKey: caKeys.publicKey, signingKey: caKeys.privateKey,
    notBefore: FROM, notAfter: TO, ca: true, keyUsage: ['keyCertSign'], ...(hash ? { hash } : {}),
  });
  const childKeys = await generateTestKeyPair('ES256');
  const child = await issueTestCertificate({
    issuer: { certificate: ca.certificate, privateKey: caKeys.privateKey }, subject: [['CN', 'child']],
    publicKey: childKeys.publicKey, signingKey: caKeys.privateKey, notBefore: FROM, notAfter: TO, ...(hash ? { hash } : {}),
  });
  return { ca, child };
}

describe('certificate signature algorithms', () => {
  const cases: Array<[TestLeafKeyAlg, ('SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512') | undefined, string]> = [
    ['ES256', 'SHA-256', 'ecdsa-with-SHA256, P-256'],
    ['ES384', 'SHA-384', 'ecdsa-with-SHA384, P-384'],
    ['ES512', 'SHA-512', 'ecdsa-with-SHA512, P-521'],
    ['ES384', 'SHA-256', 'ecdsa-with-SHA256, P-384 (Android, Apple chains)'],
    ['ES256', 'SHA-384', 'ecdsa-with-SHA384, P-256'],
    ['ES512', 'SHA-256', 'ecdsa-with-SHA256, P-521'],
    ['ES256', 'SHA-512', 'ecdsa-with-SHA512, P-256 (hash longer than the order)'],
    ['RS256', 'SHA-1', 'sha1WithRSAEncryption'],
    ['RS256', 'SHA-256', 'sha256WithRSAEncryption'],
    ['RS256', 'SHA-384', 'sha384WithRSAEncryption'],
    ['RS256', 'SHA-512', 'sha512WithRSAEncryption'],
    ['PS256', 'SHA-256', 'RSASSA-PSS SHA-256, MGF1-SHA-256, salt 32'],
  ];
  it.each(cases)('%s / %s (%s): verifies on every backend as node:crypto does; a flipped bit does not', async (alg, hash) => {
    const { ca, child } = await caAndChild(alg, hash);
    if (onNode) expect(x509Oracle(child.der, ca.der)).toBe(true);
    const [c, i] = [parseCertificate(child.der), parseCertificate(ca.der)];
    const bad = parseCertificate(flipLastByte(child.der));
    // RSA: node and WebCrypto only (the pure-JS RSA was removed in issue 12; every runtime has RSA).
    for (const backend of alg === 'ES256' || alg === 'ES384' || alg === 'ES512' ? BACKENDS : BACKENDS.filter((b) => b !== 'noble')) {
      expect(await certificateSignatureVerifies(c, i, backend), backend).toBe(true);
      expect(await certificateSignatureVerifies(bad, i, backend), backend).toBe(false);
      // The child's own key did not sign it.
      expect(await certificateSignatureVerifies(c, c, backend), backend).toBe(false);
    }
  }, 60_000);

  it('Ed25519 (RFC 8410): a certificate re-signed by an Ed25519 CA key verifies on every backend as node:crypto does', async () => {
    // pkijs cannot sign with Ed25519, so the tbsCertificate of a generated certificate gets the
    // Ed25519 AlgorithmIdentifier (30 05 06 03 2b 65 70) and an Ed25519 signature from node:crypto.
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const wcPub = await crypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), { name: 'Ed25519' }, true, ['verify']);
    const helper = await generateTestKeyPair('ES256');
    const base = await issueTestCertificate({
      subject: [['CN', 'Ed25519 CA']], publicKey: wcPub, signingKey: helper.privateKey, notBefore: FROM, notAfter: TO, ca: true,
    });
    const ed = resignEd25519(base.der, privateKey);
    if (onNode) expect(x509Oracle(ed, ed)).toBe(true);
    const [c, bad] = [parseCertificate(ed), parseCertificate(flipLastByte(ed))];
    for (const backend of BACKENDS) {
      expect(await certificateSignatureVerifies(c, c, backend), backend).toBe(true);
      expect(await certificateSignatureVerifies(bad, c, backend), backend).toBe(false);
    }
  });

  it('an algorithm that does not fit the issuer key type is false (RSA issuer, ECDSA-signed child)', async () => {
    const rsa = await caAndChild('RS256', 'SHA-256');
    const ec = await caAndChild('ES256', 'SHA-256');
    expect(await certificateSignatureVerifies(parseCertificate(ec.child.der), parseCertificate(rsa.ca.der))).toBe(false);
    expect(await certificateSignatureVerifies(parseCertificate(rsa.child.der), parseCertificate(ec.ca.der))).toBe(false);
  });
});

/** DER length octets. */
const len = (n: number) => (n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
const tlv = (tag: number, content: Uint8Array) => new Uint8Array([tag, ...len(content.length), ...content]);

/** Rebuilds `der` (a self-signed certificate) with Ed25519 as its signature algorithm, signed by `key`. */
function resignEd25519(der: Uint8Array, key: KeyObject): Uint8Array {
  const ecdsaSha256 = [0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
  const ed25519 = new Uint8Array([0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70]);
  const [tbs] = children(der, readTlv(der, 0));
  const tbsContent = der.subarray(tbs!.contentStart, tbs!.end);
  const at = tbsContent.findIndex((_, i) => ecdsaSha256.every((b, j) => tbsContent[i + j] === b));
  expect(at).toBeGreaterThan(0);
  const newTbs = tlv(0x30, new Uint8Array([...tbsContent.subarray(0, at), ...ed25519, ...tbsContent.subarray(at + ecdsaSha256.length)]));
  const sig = new Uint8Array(sign(null, newTbs, key));
  return tlv(0x30, new Uint8Array([...newTbs, ...ed25519, ...tlv(0x03, new Uint8Array([0, ...sig]))]));
}

describe('RSASSA-PSS parameters', () => {
  // A PSS-signed self-signed certificate re-signed by node:crypto with another salt length, written
  // into the same bytes (the salt INTEGER is one byte in both AlgorithmIdentifiers, the signature
  // keeps its length), so only the parameters differ and node:crypto says whether the signature is good.
  async function pssCertificate(salt: number): Promise<Uint8Array> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    const wcPriv = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
    const wcPub = await crypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['verify']);
    const cert = await issueTestCertificate({ subject: [['CN', 'pss']], publicKey: wcPub, signingKey: wcPriv, notBefore: FROM, notAfter: TO, ca: true });
    return resign(cert.der, createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }), salt);
  }
  function resign(der: Uint8Array, key: KeyObject, salt: number): Uint8Array {
    const out = der.slice();
    // [2] { INTEGER 32 } → [2] { INTEGER salt }: a2 03 02 01 20
    let found = 0;
    for (let i = 0; i + 4 < out.length; i++) {
      if (out[i] === 0xa2 && out[i + 1] === 0x03 && out[i + 2] === 0x02 && out[i + 3] === 0x01 && out[i + 4] === 0x20) {
        out[i + 4] = salt;
        found++;
      }
    }
    expect(found).toBe(2); // tbs.signature and the outer signatureAlgorithm
    const [tbsTlv] = children(out, readTlv(out, 0));
    const tbs = out.subarray(tbsTlv!.start, tbsTlv!.end);
    const sig = sign('sha256', tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt });
    expect(sig.length).toBe(256);
    out.set(sig, out.length - 256);
    return out;
  }

  /** node:crypto verify of the tbsCertificate with explicit PSS options (works on Bun and Deno too). */
  function pssOracle(der: Uint8Array, salt: number): boolean {
    const [tbs, , value] = children(der, readTlv(der, 0));
    const spki = new X509Certificate(der).publicKey;
    return verify('sha256', der.subarray(tbs!.start, tbs!.end), { key: spki, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt }, der.subarray(value!.contentStart + 1, value!.end));
  }

  it('salt = hash length verifies; salt 20 (valid for OpenSSL) is refused as outside the profile', async () => {
    const good = await pssCertificate(32);
    expect(pssOracle(good, 32)).toBe(true);
    if (onNode) expect(x509Oracle(good, good)).toBe(true);
    expect(await certificateSignatureVerifies(parseCertificate(good), parseCertificate(good))).toBe(true);

    const salt20 = await pssCertificate(20);
    expect(pssOracle(salt20, 20)).toBe(true); // a genuine signature…
    if (onNode) expect(x509Oracle(salt20, salt20)).toBe(true);
    expect(await certificateSignatureVerifies(parseCertificate(salt20), parseCertificate(salt20))).toBe(false); // …outside our profile
  }, 60_000);
});
