/**
 * Availability attack on anchor selection (issue 11, finding 4's class): the RP configures two roots
 * with the same subject — a re-keyed CA, or a decoy an attacker got into a shared anchor list — and
 * the one listed first has another key. RFC 5280 §6.1.1 d: a trust anchor is a name AND a key, so a
 * name match alone does not pick the anchor; a candidate whose signature check fails must not end
 * the search while another configured anchor validates the chain.
 */
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import {
  createAttestationChain,
  createRegistrationResponse,
  createTestCredential,
  generateTestKeyPair,
  issueTestCertificate,
} from '../../src/testing/index.js';
import { toPem } from '../../src/x509/pem.js';
import { codeOf } from '../helpers/codes.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x21));

describe('attack: a same-name anchor with another key listed first (RFC 5280 §6.1.1 d)', () => {
  it('the chain still validates to the right anchor, in either order; the decoy alone does not anchor it', async () => {
    const chain = await createAttestationChain();
    const decoyKeys = await generateTestKeyPair('ES256');
    const now = new Date();
    const decoy = await issueTestCertificate({
      subject: [['C', 'US'], ['O', 'Test Vendor'], ['CN', 'Test Attestation Root']], // the real root's subject
      publicKey: decoyKeys.publicKey,
      signingKey: decoyKeys.privateKey,
      notBefore: new Date(now.getTime() - 86_400_000),
      notAfter: new Date(now.getTime() + 86_400_000),
      ca: true,
      keyUsage: ['keyCertSign', 'cRLSign'],
    });
    const credential = await createTestCredential({ alg: -7 });
    const x5c = { certificates: chain.x5c, privateKey: chain.leaf.privateKey };
    const response = await createRegistrationResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed', attestation: 'x5c', x5c });
    const verify = (trustAnchors: string[]) =>
      verifyRegistration({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, attestation: { trustAnchors, requireTrustedAttestation: true } });
    expect((await verify([toPem(decoy.der), ...chain.anchorsPem])).attestation.trusted).toBe(true);
    expect((await verify([...chain.anchorsPem, toPem(decoy.der)])).attestation.trusted).toBe(true);
    expect(await codeOf(verify([toPem(decoy.der)]))).toBe('ERR_X509_SIGNATURE_INVALID');
  });
});
