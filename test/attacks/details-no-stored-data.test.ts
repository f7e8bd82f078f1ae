// Attack: probe a relying party with junk assertions and read the error `details` it relays.
// A WebAuthnError's details describe what the *response* contained and which rule failed; they must
// never echo the RP's stored credential record (the expected user handle, the credential id the RP
// looked up, the stored key, the stored counter or backup flags), because many servers pass details
// to the client verbatim. Clauses: WebAuthn L3 §7.2 steps 5, 6, 18 (BE) and 22 (signCount), whose
// expected side is the RP's stored data; §14.6.1 (user handle privacy).
import { describe, expect, it } from 'vitest';
import { verifyAssertion, type VerifyAssertionOptions } from '../../src/ceremony/assertion.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { isWebAuthnError } from '../../src/errors.js';
import { createAssertionResponse, createTestCredential } from '../../src/testing/index.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x5a));
const STORED_COUNTER = 987_654_321;
const VICTIM_HANDLE = new Uint8Array(24).fill(0xc3);

type Built = { options: VerifyAssertionOptions; secrets: string[] };

/** The victim's stored record, and a response the attacker built with their own authenticator. */
type StoredRecord = { id: string; publicKey: Uint8Array; counter: number };

async function attack(patch: (stored: StoredRecord) => Partial<VerifyAssertionOptions>, assertion: Partial<Parameters<typeof createAssertionResponse>[0]> = {}): Promise<Built> {
  const victim = await createTestCredential({ alg: -7, userHandle: VICTIM_HANDLE });
  const victimId = encodeBase64url(victim.id);
  const response = await createAssertionResponse({ credential: victim, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 5, ...assertion });
  const stored: StoredRecord = { id: victimId, publicKey: victim.publicKey, counter: 4 };
  const options: VerifyAssertionOptions = {
    response,
    expectedChallenge: CHALLENGE,
    expectedOrigin: ORIGIN,
    expectedRPID: RP,
    credential: stored,
    ...patch(stored),
  };
  const secrets = [victimId, encodeBase64url(VICTIM_HANDLE), encodeBase64url(victim.publicKey), String(STORED_COUNTER)];
  return { options, secrets };
}

async function rejection(p: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    return { code: e.code, details: (e.details ?? {}) as Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}

function expectNoStoredData(details: Record<string, unknown>, secrets: string[]): void {
  const text = JSON.stringify(details);
  for (const secret of secrets) expect(text).not.toContain(secret);
  // The expected side of a comparison against the stored record is not reported at all.
  expect(details).not.toHaveProperty('expected');
}

describe('WebAuthnError details never carry stored credential data', () => {
  it('§7.2 step 6: a wrong userHandle does not reveal the account\'s real user handle', async () => {
    const { options, secrets } = await attack(() => ({ expectedUserHandle: VICTIM_HANDLE }), { userHandle: new Uint8Array(24).fill(0x11) });
    const { code, details } = await rejection(verifyAssertion(options));
    expect(code).toBe('ERR_ASSERTION_USER_HANDLE_MISMATCH');
    expectNoStoredData(details, secrets);
    expect(details.received).toBe(encodeBase64url(new Uint8Array(24).fill(0x11)));
  });

  it('§7.2 step 5: a response for another credential does not reveal the stored credential id', async () => {
    const other = await createTestCredential({ alg: -7 });
    const { options, secrets } = await attack(() => ({}), { credential: other });
    const { code, details } = await rejection(verifyAssertion(options));
    expect(code).toBe('ERR_ASSERTION_CREDENTIAL_MISMATCH');
    expectNoStoredData(details, secrets);
    expect(details.received).toBe(encodeBase64url(other.id));
  });

  it('§7.2 step 22: a counter that did not increase does not reveal the stored counter', async () => {
    const { options, secrets } = await attack((stored) => ({ credential: { ...stored, counter: STORED_COUNTER } }), { signCount: 5 });
    const { code, details } = await rejection(verifyAssertion(options));
    expect(code).toBe('ERR_COUNTER_REGRESSION');
    expectNoStoredData(details, secrets);
    expect(details.received).toBe(5);
  });

  it('§7.2 step 18: a changed BE flag does not report the stored backup eligibility', async () => {
    const { options, secrets } = await attack((stored) => ({ credential: { ...stored, backupEligible: true } }), { flags: { be: false } });
    const { code, details } = await rejection(verifyAssertion(options));
    expect(code).toBe('ERR_AUTH_DATA_BACKUP_ELIGIBILITY_CHANGED');
    expectNoStoredData(details, secrets);
    expect(details.received).toBe(false);
  });

  it('positive control: the same records verify when the response is genuine', async () => {
    const { options } = await attack(() => ({ expectedUserHandle: VICTIM_HANDLE }));
    const result = await verifyAssertion(options);
    expect(result.newCounter).toBe(5);
    // The counter it verified against, for the RP's compare-and-set (docs/production.md).
    expect(result.previousCounter).toBe(4);
  });
});
