/**
 * Attack (issue 11, mutation survivor): a cross-origin ceremony (`crossOrigin: true`) that leaves
 * `topOrigin` out, sent to an RP that allows cross-origin use only under named top-level origins.
 *
 * Clause: WebAuthn L3 §7.1 step 10 / §7.2 step 14 (C.topOrigin, when the RP expects to be framed
 * only by certain top-level origins, must be one of them; §5.8.1 `topOrigin` is set whenever
 * `crossOrigin` is true). A missing topOrigin proves no top-level origin at all, so it must not
 * pass a check that lists the allowed ones.
 */
import { describe, expect, it } from 'vitest';
import { verifyAssertion } from '../../src/ceremony/assertion.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { createAssertionResponse, createRegistrationResponse, createTestCredential } from '../../src/testing/index.js';
import { codeOf } from '../helpers/codes.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const TOP = 'https://top.example.net';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x55));
const expectations = { expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP } as const;

describe('attack: crossOrigin true with no topOrigin, expectedTopOrigin set (L3 §7.1 step 10, §7.2 step 14)', () => {
  it('registration → ERR_CLIENT_DATA_TOP_ORIGIN_MISMATCH; positive controls verify', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const make = (topOrigin?: string) =>
      createRegistrationResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, crossOrigin: true, ...(topOrigin ? { topOrigin } : {}) });
    const bare = await make();
    const framed = { ...expectations, allowCrossOrigin: true, expectedTopOrigin: TOP };
    expect(await codeOf(verifyRegistration({ response: bare, ...framed }))).toBe('ERR_CLIENT_DATA_TOP_ORIGIN_MISMATCH');
    expect(await codeOf(verifyRegistration({ response: await make('https://evil.example'), ...framed }))).toBe('ERR_CLIENT_DATA_TOP_ORIGIN_MISMATCH');
    expect(await codeOf(verifyRegistration({ response: await make(TOP), ...framed }))).toBe('verified');
    // Without a list of top origins the RP accepts any framing it allowed.
    expect(await codeOf(verifyRegistration({ response: bare, ...expectations, allowCrossOrigin: true }))).toBe('verified');
    // Not allowed at all: refused for being cross-origin.
    expect(await codeOf(verifyRegistration({ response: bare, ...expectations }))).toBe('ERR_CLIENT_DATA_CROSS_ORIGIN');
  });

  it('assertion → ERR_CLIENT_DATA_TOP_ORIGIN_MISMATCH; positive controls verify', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const stored = () => ({ id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 0 });
    const make = (topOrigin?: string) =>
      createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, crossOrigin: true, signCount: 0, ...(topOrigin ? { topOrigin } : {}) });
    const framed = { ...expectations, allowCrossOrigin: true, expectedTopOrigin: [TOP] };
    expect(await codeOf(verifyAssertion({ response: await make(), ...framed, credential: stored() }))).toBe('ERR_CLIENT_DATA_TOP_ORIGIN_MISMATCH');
    expect(await codeOf(verifyAssertion({ response: await make(TOP), ...framed, credential: stored(), counterPolicy: 'report' }))).toBe('verified');
    expect(await codeOf(verifyAssertion({ response: await make(), ...expectations, allowCrossOrigin: true, credential: stored(), counterPolicy: 'report' }))).toBe('verified');
  });
});
