/**
 * fixtures/chromium/virtual-authenticator-samples.json: ceremonies captured from headless
 * Chromium's virtual authenticator (README there). Every scenario that produced a registration
 * registers (packed/fido-u2f with a self-signed batch certificate: the anchor is that certificate
 * itself), and its assertion then verifies with the registered key and counter. Tampered copies of
 * each are rejected with the code of the check they break.
 */
import { describe, expect, it } from 'vitest';
import { verifyAssertion } from '../../src/ceremony/assertion.js';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import { verifyRegistration, type VerifiedRegistration } from '../../src/ceremony/registration.js';
import { cloneJson, expectCode } from '../conformance/helpers.js';
import { readFixtureJson } from '../helpers/fixtures.js';

interface Sample {
  scenario: string;
  origin: string;
  rpId: string;
  registration: {
    request: { challenge: string; algs: number[]; authenticatorSelection?: { userVerification?: string } };
    credential?: { id: string; response: { attestationObject: string; clientDataJSON: string } };
    decoded?: { fmt: string; attStmt: { x5c?: { der_b64u: string; selfSigned: boolean }[] }; authData: { signCount: number } };
  };
  authentication?: {
    request: { challenge: string; userVerification?: string };
    credential: { id: string; response: { authenticatorData: string; signature: string; clientDataJSON: string } };
    decoded: { authData: { signCount: number } };
  };
}

function flipByte(b64: string, index: number): string {
  const bytes = decodeBase64url(b64);
  bytes[index % bytes.length]! ^= 0x01;
  return encodeBase64url(bytes);
}

describe('fixtures/chromium virtual authenticator', () => {
  const file = readFixtureJson<{ samples: Sample[] }>('chromium', 'virtual-authenticator-samples.json');
  const registering = file.samples.filter((s) => s.registration.credential !== undefined);

  it('has the 17 scenarios of its README, 14 of them with a registration', () => {
    expect(file.samples.length).toBe(17);
    expect(registering.length).toBe(14);
  });

  for (const s of registering) {
    const reg = s.registration;
    const anchors = (reg.decoded?.attStmt.x5c ?? []).filter((c) => c.selfSigned).map((c) => decodeBase64url(c.der_b64u));
    const register = (response: unknown = reg.credential): Promise<VerifiedRegistration> =>
      verifyRegistration({
        response,
        expectedChallenge: reg.request.challenge,
        expectedOrigin: s.origin,
        expectedRPID: s.rpId,
        requireUserVerification: reg.request.authenticatorSelection?.userVerification === 'required',
        supportedAlgorithms: reg.request.algs,
        attestation: anchors.length > 0 ? { trustAnchors: anchors } : {},
      });

    it(`${s.scenario}: registers (${reg.decoded?.fmt})`, async () => {
      const v = await register();
      expect(v.attestation.fmt).toBe(reg.decoded?.fmt);
      expect(v.credential.counter).toBe(reg.decoded?.authData.signCount);
      if (anchors.length > 0) expect(v.attestation.trusted).toBe(true);
    });

    it(`${s.scenario}: a tampered registration is rejected`, async () => {
      const badChallenge = cloneJson(reg.credential!);
      await expectCode(
        verifyRegistration({
          response: badChallenge,
          expectedChallenge: encodeBase64url(new Uint8Array(32)),
          expectedOrigin: s.origin,
          expectedRPID: s.rpId,
          requireUserVerification: false,
          supportedAlgorithms: reg.request.algs,
        }),
        'ERR_CLIENT_DATA_CHALLENGE_MISMATCH',
      );
      // One flipped bit in clientDataJSON (byte 20 is inside the type/challenge text): never registers.
      const badCd = cloneJson(reg.credential!);
      badCd.response.clientDataJSON = flipByte(badCd.response.clientDataJSON, 20);
      await expect(register(badCd)).rejects.toMatchObject({ name: 'WebAuthnError' });
    });

    const auth = s.authentication;
    if (auth === undefined) continue;
    const assert = async (response: unknown, counter?: number): Promise<unknown> => {
      const registered = await register();
      return verifyAssertion({
        response,
        expectedChallenge: auth.request.challenge,
        expectedOrigin: s.origin,
        expectedRPID: s.rpId,
        requireUserVerification: auth.request.userVerification === 'required',
        credential: {
          id: registered.credential.id,
          publicKey: registered.credential.publicKey,
          counter: counter ?? registered.credential.counter,
          backupEligible: registered.credential.backupEligible,
        },
      });
    };

    it(`${s.scenario}: the assertion verifies with the registered key and counter`, async () => {
      const v = (await assert(auth.credential)) as { newCounter: number };
      expect(v.newCounter).toBe(auth.decoded.authData.signCount);
    });

    it(`${s.scenario}: tampered assertions are rejected`, async () => {
      const badSig = cloneJson(auth.credential);
      badSig.response.signature = flipByte(badSig.response.signature, badSig.response.signature.length);
      await expect(assert(badSig)).rejects.toMatchObject({ name: 'WebAuthnError' });
      const badAuthData = cloneJson(auth.credential);
      badAuthData.response.authenticatorData = flipByte(badAuthData.response.authenticatorData, 36); // counter byte
      await expectCode(assert(badAuthData), 'ERR_SIGNATURE_INVALID');
      // Replay against a stored counter already at the received value.
      await expectCode(assert(auth.credential, auth.decoded.authData.signCount), 'ERR_COUNTER_REGRESSION');
    });
  }
});
