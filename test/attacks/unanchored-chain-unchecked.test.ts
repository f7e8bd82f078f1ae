/**
 * Attack (issue 11, finding 5): without trust anchors the x5c chain is still checked for
 * everything that needs no trust decision (docs/attestation.md). The chain [expired leaf with a
 * junk signature, a certificate with an unknown critical extension, a top certificate copying the
 * leaf's subject and key] passed as packed `basic`, `trusted: false`: the top was used as the
 * anchor, matched the LEAF by name + key, and every check was skipped.
 *
 * Clauses: RFC 5280 §6.1.3 a.1 (each certificate verifies with its issuer's key), a.2 (valid at the
 * current time), a.4 (issuer name = next subject), §4.2 (an unknown critical extension makes a
 * certificate invalid); WebAuthn L3 §8.2 step 2 / §7.1 step 24 (the trust path is the whole x5c).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPacked } from '../../src/attestation/packed.js';
import { parseX5c, validateAttestationChain } from '../../src/attestation/trust.js';
import { concat } from '../../src/encoding/bytes.js';
import { createAttestationChain, flipLastByte, generateTestKeyPair, issueTestCertificate } from '../../src/testing/certificates.js';
import { buildAuthData, ecCredential, makeContext, signEcdsaDer } from '../helpers/attestation-context.js';
import { codeOf } from '../helpers/codes.js';

const NOW = new Date('2030-06-01T00:00:00Z');
const VALID = { notBefore: new Date('2030-01-01T00:00:00Z'), notAfter: new Date('2031-01-01T00:00:00Z') };
const EXPIRED = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') };
const LEAF_SUBJECT: Array<[string, string]> = [['C', 'US'], ['O', 'Vendor'], ['OU', 'Authenticator Attestation'], ['CN', 'Batch']];

let leafKeys: CryptoKeyPair;
let x5c: Uint8Array[];
beforeAll(async () => {
  const junkKeys = await generateTestKeyPair();
  leafKeys = await generateTestKeyPair();
  const leaf = await issueTestCertificate({
    issuerName: [['CN', 'Nobody']], subject: LEAF_SUBJECT, publicKey: leafKeys.publicKey, signingKey: junkKeys.privateKey, ...EXPIRED,
  });
  const junk = await issueTestCertificate({
    subject: [['CN', 'Junk']], publicKey: junkKeys.publicKey, signingKey: junkKeys.privateKey, ...VALID,
    extensions: [{ oid: '1.2.3.4.5', critical: true, valueDer: new Uint8Array([0x05, 0x00]) }],
  });
  const top = await issueTestCertificate({ subject: LEAF_SUBJECT, publicKey: leafKeys.publicKey, signingKey: leafKeys.privateKey, ...VALID, ca: true });
  x5c = [flipLastByte(leaf.der), junk.der, top.der];
});

async function packedStatement(chain: readonly Uint8Array[], keys: CryptoKeyPair) {
  const authData = buildAuthData();
  const clientDataHash = crypto.getRandomValues(new Uint8Array(32));
  const sig = await signEcdsaDer(keys.privateKey, 'SHA-256', concat(authData, clientDataHash));
  const ctx = makeContext({ authData, clientDataHash, credentialKey: (await ecCredential()).coseKey, now: NOW });
  return { attStmt: new Map<string, unknown>([['alg', -7], ['sig', sig], ['x5c', [...chain]]]), ctx };
}

describe('attack: an unanchored chain whose top copies the leaf (finding 5)', () => {
  it('packed with that x5c and no anchors is refused (was basic, trusted: false)', async () => {
    const { attStmt, ctx } = await packedStatement(x5c, leafKeys);
    expect(await codeOf(verifyPacked(attStmt as never, ctx))).toMatch(/^ERR_X509_/);
  });

  it('each defect alone is refused without anchors', async () => {
    const ctx = makeContext({ authData: buildAuthData(), credentialKey: (await ecCredential()).coseKey, now: NOW });
    const check = (chain: Uint8Array[]) => codeOf(validateAttestationChain(parseX5c(chain), ctx));
    // a.2: the leaf has expired (the rest of the chain is sound: leaf → its self-signed issuer).
    const issuerKeys = await generateTestKeyPair();
    const issuer = await issueTestCertificate({ subject: [['CN', 'CA']], publicKey: issuerKeys.publicKey, signingKey: issuerKeys.privateKey, ...VALID, ca: true });
    const leafOf = (extra: object) =>
      issueTestCertificate({
        issuer: { certificate: issuer.certificate, privateKey: issuerKeys.privateKey },
        subject: LEAF_SUBJECT, publicKey: leafKeys.publicKey, signingKey: issuerKeys.privateKey, ...VALID, ...extra,
      });
    expect(await check([(await leafOf(EXPIRED)).der, issuer.der])).toBe('ERR_X509_EXPIRED');
    expect(await check([flipLastByte((await leafOf({})).der), issuer.der])).toBe('ERR_X509_SIGNATURE_INVALID');
    const critical = { extensions: [{ oid: '1.2.3.4.5', critical: true, valueDer: new Uint8Array([0x05, 0x00]) }] };
    expect(await check([(await leafOf(critical)).der, issuer.der])).toBe('ERR_X509_UNKNOWN_CRITICAL_EXTENSION');
    // The top certificate is checked too: its dates and its critical extensions.
    const badTop = await issueTestCertificate({ subject: [['CN', 'CA']], publicKey: issuerKeys.publicKey, signingKey: issuerKeys.privateKey, ...VALID, ca: true, ...critical });
    expect(await check([(await leafOf({})).der, badTop.der])).toBe('ERR_X509_UNKNOWN_CRITICAL_EXTENSION');
    // A lone leaf with an unknown critical extension.
    expect(await check([(await leafOf(critical)).der])).toBe('ERR_X509_UNKNOWN_CRITICAL_EXTENSION');
  });

  it('control: a sound chain without anchors is packed basic, trusted: false', async () => {
    const chain = await createAttestationChain({ now: NOW });
    const leafPair = { privateKey: chain.leaf.privateKey, publicKey: chain.leaf.publicKey } as CryptoKeyPair;
    const { attStmt, ctx } = await packedStatement(chain.x5c, leafPair);
    await expect(verifyPacked(attStmt as never, ctx)).resolves.toMatchObject({ fmt: 'packed', type: 'basic', trusted: false });
  });
});
