/**
 * Issue 16 item 6 (go-webauthn #800): an android-safetynet statement carries no `x5c`; its
 * certificate chain is the `x5c` of the JWS header (WebAuthn L3 §8.5). Every check that reads a
 * trust path must see that chain: here the anchors (trusted only when the JWS-header chain reaches
 * them) and the reported trust path. Real device vector: swa-android-safetynet-2019-reg.
 */
import { describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/codes.js';
import { loadWebAuthnVectors } from '../helpers/fixtures.js';
import { decodeCbor, type CborMap } from '../../src/cbor/decode.js';
import { decodeBase64url } from '../../src/encoding/base64url.js';
import { verifyRegistration, type VerifyRegistrationOptions } from '../../src/ceremony/registration.js';
import { createAttestationChain } from '../../src/testing/index.js';

const c = loadWebAuthnVectors().find((v) => v.id === 'swa-android-safetynet-2019-reg')!;

function options(attestation: VerifyRegistrationOptions['attestation']): VerifyRegistrationOptions {
  return {
    response: c.response,
    expectedChallenge: c.expected.challenge,
    expectedOrigin: c.expected.origin,
    expectedRPID: c.expected.rpId,
    requireUserVerification: c.expected.requireUserVerification,
    attestation: { now: new Date(c.expected.now!), ...attestation },
  };
}

/** The JWS protected header's x5c (standard base64 DER, RFC 7515 §4.1.6), leaf first. */
function jwsHeaderChain(): Uint8Array[] {
  const attObj = decodeCbor(decodeBase64url(c.response.response.attestationObject)) as CborMap;
  const attStmt = attObj.get('attStmt') as CborMap;
  expect([...attStmt.keys()].sort()).toEqual(['response', 'ver']); // no x5c in the statement itself
  const jws = new TextDecoder().decode(attStmt.get('response') as Uint8Array);
  const header = JSON.parse(new TextDecoder().decode(decodeBase64url(jws.split('.')[0]!))) as { x5c: string[] };
  return header.x5c.map((b64) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0)));
}

describe('android-safetynet: the trust path is the JWS header chain', () => {
  it('with the anchors the JWS-header chain reaches: trusted, and that chain is the reported trust path', async () => {
    expect(c.trustAnchors?.length).toBeGreaterThan(0);
    const r = await verifyRegistration(options({ trustAnchors: c.trustAnchors! }));
    expect(r.attestation).toMatchObject({ fmt: 'android-safetynet', type: 'basic', trusted: true });
    const chain = jwsHeaderChain();
    expect(chain.length).toBeGreaterThan(0);
    expect(r.attestation.trustPath).toEqual(chain);
  });
  it('with anchors the JWS-header chain does not reach: refused (ERR_X509_UNTRUSTED)', async () => {
    const unrelated = await createAttestationChain({ now: new Date(c.expected.now!) });
    expect(await codeOf(verifyRegistration(options({ trustAnchors: unrelated.anchorsPem })))).toBe('ERR_X509_UNTRUSTED');
  });
  it('without anchors: untrusted, the same trust path reported; requireTrustedAttestation refuses', async () => {
    const r = await verifyRegistration(options({}));
    expect(r.attestation).toMatchObject({ trusted: false });
    expect(r.attestation.trustPath).toEqual(jwsHeaderChain());
    expect(await codeOf(verifyRegistration(options({ requireTrustedAttestation: true })))).toBe('ERR_ATTESTATION_UNTRUSTED');
  });
  it('an anchor resolver is asked for android-safetynet with the AAGUID, and its answer decides trust', async () => {
    const asked: string[] = [];
    const resolver = (fmt: string, aaguid: string) => (asked.push(`${fmt} ${aaguid}`), c.trustAnchors!);
    const r = await verifyRegistration(options({ trustAnchors: resolver }));
    expect(r.attestation.trusted).toBe(true);
    expect(asked).toEqual([`android-safetynet ${(c.result as { aaguid: string }).aaguid}`]);
  });
});
