/**
 * Attacks on two exact comparisons (issue 11 mutation round):
 *
 * - WebAuthn L3 §7.1 step 8 / §7.2 step 12: C.challenge must EQUAL the base64url encoding of the
 *   issued challenge. A response made for another challenge of the same length (every challenge
 *   from one generator has the same length) must be refused: a replay of an older ceremony.
 * - L3 §5.4.3: a user handle is at most 64 bytes. 65 bytes is refused in the envelope; 64 passes.
 */
import { describe, expect, it } from 'vitest';
import { verifyAssertion } from '../../src/ceremony/assertion.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { createAssertionResponse, createRegistrationResponse, createTestCredential } from '../../src/testing/index.js';
import { codeOf } from '../helpers/codes.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const ISSUED = encodeBase64url(new Uint8Array(32).fill(0x77));
const OTHER = encodeBase64url(new Uint8Array(32).fill(0x78)); // same length, another ceremony
const site = { origin: ORIGIN, rpId: RP } as const;
const expectations = { expectedOrigin: ORIGIN, expectedRPID: RP } as const;

describe('attack: a response for another challenge of the same length (L3 §7.1 step 8, §7.2 step 12)', () => {
  it('registration → ERR_CLIENT_DATA_CHALLENGE_MISMATCH; the issued one verifies', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const response = await createRegistrationResponse({ credential, challenge: OTHER, ...site });
    expect(OTHER.length).toBe(ISSUED.length);
    expect(await codeOf(verifyRegistration({ response, expectedChallenge: ISSUED, ...expectations }))).toBe('ERR_CLIENT_DATA_CHALLENGE_MISMATCH');
    expect(await codeOf(verifyRegistration({ response, expectedChallenge: OTHER, ...expectations }))).toBe('verified');
  });

  it('assertion → ERR_CLIENT_DATA_CHALLENGE_MISMATCH; the issued one verifies', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const response = await createAssertionResponse({ credential, challenge: OTHER, ...site, signCount: 1 });
    const stored = { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 0 };
    expect(await codeOf(verifyAssertion({ response, expectedChallenge: ISSUED, ...expectations, credential: stored }))).toBe('ERR_CLIENT_DATA_CHALLENGE_MISMATCH');
    expect(await codeOf(verifyAssertion({ response, expectedChallenge: OTHER, ...expectations, credential: stored }))).toBe('verified');
  });
});

describe('attack: a 65-byte user handle (L3 §5.4.3)', () => {
  it('65 bytes → ERR_RESPONSE_INVALID; 64 bytes verifies', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const stored = { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 0 };
    const make = (n: number) => createAssertionResponse({ credential, challenge: ISSUED, ...site, signCount: 1, userHandle: new Uint8Array(n).fill(7) });
    const options = { expectedChallenge: ISSUED, ...expectations, credential: stored };
    expect(await codeOf(verifyAssertion({ response: await make(65), ...options }))).toBe('ERR_RESPONSE_INVALID');
    expect(await codeOf(verifyAssertion({ response: await make(64), ...options }))).toBe('verified');
  });
});
