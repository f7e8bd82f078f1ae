/**
 * Real registrations of devices that the real MDS3 BLOB (fixtures/mds, serial 20) lists come out
 * `trusted: true` with their metadata description, from metadata alone (no trustAnchors), at the
 * vector's own verification time. The synthetic refusal paths are in test/attacks/metadata-trust.test.ts.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_ROOTS } from '../../src/x509/roots.js';
import { verifyMetadataBLOB, type VerifiedMetadata } from '../../src/metadata/index.js';
import { verifyRegistration, type VerifyRegistrationOptions } from '../../src/ceremony/registration.js';
import { fixturePath, loadWebAuthnVectors, type VectorCase } from '../helpers/fixtures.js';

let metadata: VerifiedMetadata;
beforeAll(async () => {
  metadata = await verifyMetadataBLOB(readFileSync(fixturePath('mds', 'mds3-blob-no20-2022-10.jwt'), 'utf8'), { now: new Date('2022-10-20T00:00:00Z') });
});

const cases = new Map(loadWebAuthnVectors().map((c) => [c.id, c]));
function options(c: VectorCase, attestation: Record<string, unknown>): VerifyRegistrationOptions {
  return {
    response: c.response,
    expectedChallenge: c.expected.challenge,
    expectedOrigin: c.expected.origin,
    expectedRPID: c.expected.rpId,
    requireUserVerification: c.expected.requireUserVerification ?? false,
    supportedAlgorithms: [-7, -257, -65535, -37],
    attestation: { now: c.expected.now ? new Date(c.expected.now) : new Date(), metadata, requireTrustedAttestation: true, ...attestation },
  };
}

describe('real registrations trusted through the real BLOB alone', () => {
  it.each([
    ['swa-packed-x5c-yubikey-reg', 'Security Key by Yubico with NFC', 'aaguid'],
    ['swa-fido-u2f-yubikey-reg', 'Security Key by Yubico with NFC', 'keyIdentifier'],
    ['swa-tpm-san-spec-compliant-reg', 'Windows Hello Hardware Authenticator', 'aaguid'],
    ['swa-tpm-san-nonstandard-reg', 'Windows Hello Hardware Authenticator', 'aaguid'],
    ['swa-android-safetynet-2019-reg', 'Android Authenticator with SafetyNet Attestation', 'aaguid'],
  ])('%s → trusted, "%s" (found by %s)', async (id, description, by) => {
    const c = cases.get(id)!;
    const r = await verifyRegistration(options(c, {}));
    expect(r.attestation.trusted).toBe(true);
    expect(r.attestation.metadata?.description).toBe(description);
    expect(r.attestation.metadata?.[by as 'aaguid' | 'keyIdentifier']).toMatch(/^[0-9a-f-]+$/);
    // Without metadata and anchors the same registration is not trusted: the trust came from the BLOB.
    const plain = await verifyRegistration({ ...options(c, {}), attestation: { now: options(c, {}).attestation!.now } });
    expect([plain.attestation.trusted, plain.attestation.metadata]).toEqual([false, undefined]);
  });

  it('reports whether the credential algorithm is listed (this Windows Hello key is RS256, which its statement lists)', async () => {
    const r = await verifyRegistration(options(cases.get('swa-tpm-san-spec-compliant-reg')!, {}));
    expect([r.credential.algorithm, r.attestation.metadata?.algorithmListed]).toEqual([-257, true]);
  });

  it('Google Play Services uses one AAGUID for SafetyNet and android-key; the 2022 BLOB lists only SafetyNet roots', async () => {
    const c = cases.get('swa-android-key-galaxy-s9-reg')!;
    // A listed authenticator must chain to its own entry's roots: the hardware chain reaches none of
    // them, with or without Google's roots from the caller (caller anchors never lend a listed model
    // its identity; docs/attestation.md, "FIDO Metadata Service").
    const google = KNOWN_ROOTS.filter((r) => r.formats.includes('android-key')).map((r) => r.pem);
    for (const attestation of [{}, { trustAnchors: google }]) {
      const err = await verifyRegistration(options(c, attestation)).catch((e) => e);
      expect([err.code, err.cause?.code]).toEqual(['ERR_METADATA_ROOT_MISMATCH', 'ERR_X509_UNTRUSTED']);
    }
    // Without the BLOB, Google's roots trust the same genuine registration.
    const plain = await verifyRegistration({ ...options(c, { trustAnchors: google }), attestation: { now: new Date(c.expected.now!), trustAnchors: google } });
    expect(plain.attestation.trusted).toBe(true);
  });
});
