/**
 * Attack: a framed (cross-origin) ceremony whose clientDataJSON says `"crossOrigin": "true"`, `1`
 * or `null` instead of the boolean. A check written `crossOrigin === true` would read those as
 * "not cross-origin" and skip the cross-origin policy. Clause: WebAuthn L3 §5.8.1
 * (CollectedClientData.crossOrigin is a boolean) and §7.1 step 10 / §7.2 step 14. Anything but a
 * boolean or an absent member is refused with ERR_CLIENT_DATA_FIELD_INVALID (the differential run
 * against SimpleWebAuthn and py_webauthn, issue 16 item 10).
 */
import { describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/codes.js';
import { verifyAssertion } from '../../src/ceremony/assertion.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { createAssertionResponse, createTestCredential } from '../../src/testing/index.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x11));

async function login(crossOrigin: unknown) {
  const credential = await createTestCredential({ alg: -7 });
  const response = await createAssertionResponse({
    credential,
    challenge: CHALLENGE,
    origin: ORIGIN,
    rpId: RP,
    signCount: 1,
    faults: { mutateClientData: (c) => ({ ...c, crossOrigin }) },
  });
  return verifyAssertion({
    response,
    expectedChallenge: CHALLENGE,
    expectedOrigin: ORIGIN,
    expectedRPID: RP,
    credential: { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 0 },
  });
}

describe('attack: crossOrigin that is not a boolean (§5.8.1)', () => {
  it.each([['"true"', 'true'], ['1', 1], ['null', null], ['"false"', 'false'], ['{}', {}]])('%s is refused', async (_n, value) => {
    expect(await codeOf(login(value))).toBe('ERR_CLIENT_DATA_FIELD_INVALID');
  });
  it('the boolean true is the cross-origin refusal, false passes (controls)', async () => {
    expect(await codeOf(login(true))).toBe('ERR_CLIENT_DATA_CROSS_ORIGIN');
    expect(await codeOf(login(false))).toBe('verified');
  });
});
