/**
 * Attack: a credential registered as device-bound (BE = 0) shows up as backup eligible (BE = 1):
 * its key may now live in a sync fabric the RP never agreed to, or the response comes from another
 * authenticator altogether. Clause: WebAuthn L3 §6.1.3 (BE is fixed at credential creation) and
 * §7.2 step 18 (compare BE with the stored value). Default onBackupEligibilityChange 'reject':
 * refused in both directions; only an explicit 'report' lets it through, and then it says so.
 */
import { describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/codes.js';
import { verifyAssertion } from '../../src/ceremony/assertion.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { createAssertionResponse, createTestCredential } from '../../src/testing/index.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x7e));

async function login(storedBE: boolean, sentBE: boolean, policy?: 'reject' | 'report') {
  const credential = await createTestCredential({ alg: -7 });
  const response = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 2, flags: { be: sentBE } });
  return verifyAssertion({
    response,
    expectedChallenge: CHALLENGE,
    expectedOrigin: ORIGIN,
    expectedRPID: RP,
    credential: { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 1, backupEligible: storedBE },
    ...(policy ? { onBackupEligibilityChange: policy } : {}),
  });
}

describe('attack: backup eligibility flips after registration (§6.1.3, §7.2 step 18)', () => {
  it.each([
    [false, true],
    [true, false],
  ])('stored BE=%s, signed BE=%s: refused by default', async (stored, sent) => {
    expect(await codeOf(login(stored, sent))).toBe('ERR_AUTH_DATA_BACKUP_ELIGIBILITY_CHANGED');
    expect(await codeOf(login(stored, sent, 'reject'))).toBe('ERR_AUTH_DATA_BACKUP_ELIGIBILITY_CHANGED');
  });
  it("only an explicit 'report' accepts it, and the result says the value changed", async () => {
    expect(await login(false, true, 'report')).toMatchObject({ backupEligible: true, backupEligibilityChanged: true });
  });
});
