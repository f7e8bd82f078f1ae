/**
 * Attack: a COSE key map whose header declares fewer entries than the bytes hold (the Firefox 117
 * EdDSA shape `a3 01 01 03 27 20 06 21 58 20 …`, py_webauthn #160/#175). A lenient parser that
 * "repairs" the count reads a different key than a strict one, so two verifiers can disagree about
 * which key was registered. Clause: RFC 8949 §3.1 (a map's head gives its exact number of pairs),
 * WebAuthn L3 §6.1 / §6.5.1 (the credential public key is one CBOR item; authData has nothing after
 * the fields its flags announce). Refused: ERR_AUTH_DATA_TRAILING_BYTES with details.offset.
 */
import { describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/codes.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { createRegistrationResponse, createTestCredential } from '../../src/testing/index.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x45));

async function registerWithKeyHeader(alg: number, header: (declared: number) => number) {
  const credential = await createTestCredential({ alg });
  const response = await createRegistrationResponse({
    credential,
    challenge: CHALLENGE,
    origin: ORIGIN,
    rpId: RP,
    faults: {
      mutateAuthData: (a) => {
        const keyStart = 55 + ((a[53]! << 8) | a[54]!);
        a[keyStart] = header(a[keyStart]!);
        return a;
      },
    },
  });
  return verifyRegistration({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP });
}

describe('attack: COSE key map count that disagrees with its contents', () => {
  it('EdDSA, declares 3 of 4 (Firefox 117): refused', async () => {
    expect(await codeOf(registerWithKeyHeader(-8, (h) => h - 1))).toBe('ERR_AUTH_DATA_TRAILING_BYTES');
  });
  it('ES256, declares 4 of 5: refused', async () => {
    expect(await codeOf(registerWithKeyHeader(-7, (h) => h - 1))).toBe('ERR_AUTH_DATA_TRAILING_BYTES');
  });
  it('declares more entries than present: refused (the map would swallow bytes that are not there)', async () => {
    expect(await codeOf(registerWithKeyHeader(-8, (h) => h + 1))).not.toBe('verified');
  });
  it('the genuine header registers (control)', async () => {
    expect(await codeOf(registerWithKeyHeader(-8, (h) => h))).toBe('verified');
  });
});
