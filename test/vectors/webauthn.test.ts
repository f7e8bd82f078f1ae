/**
 * Every case in fixtures/webauthn (real authenticators, the W3C L3 test vectors, two peer
 * libraries' suites) and in fixtures/*.json (our software authenticator), judged as its `result`
 * says. No skip list: a case we get wrong fails here, and the report says why.
 */
import { describe, expect, it } from 'vitest';
import { isBase64url } from '../../src/encoding/base64url.js';
import { isWebAuthnError, type WebAuthnErrorCode } from '../../src/errors.js';
import type { VerifiedAssertion } from '../../src/ceremony/assertion.js';
import type { VerifiedRegistration } from '../../src/ceremony/registration.js';
import { loadFixtureVectors, loadWebAuthnVectors, type VectorCase } from '../helpers/fixtures.js';
import { verifyCase } from '../conformance/helpers.js';
import { DISPUTED as DISPUTED_TABLE, type DisputedCase } from '../helpers/disputed.js';

/** The code each negative `why` must produce (matched on the start of the text, case-insensitive). */
const WHY_CODES: ReadonlyArray<readonly [RegExp, WebAuthnErrorCode]> = [
  [/^challenge mismatch/i, 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH'],
  [/^origin (mismatch|not in list)/i, 'ERR_CLIENT_DATA_ORIGIN_MISMATCH'],
  [/^rpIdHash does not match/i, 'ERR_AUTH_DATA_RP_ID_MISMATCH'],
  [/^user verification required/i, 'ERR_AUTH_DATA_USER_VERIFICATION_REQUIRED'],
  [/ctsProfileMatch is false/i, 'ERR_ATTESTATION_SAFETYNET_CTS_PROFILE'],
  [/id-fido-gen-ce-aaguid .* does not match/i, 'ERR_ATTESTATION_AAGUID_MISMATCH'],
  [/^bad attestation signature/i, 'ERR_ATTESTATION_SIGNATURE_INVALID'],
  // §7.2 step 5 runs before the signature: a stored credential of another id fails there first.
  [/belong to another credential/i, 'ERR_ASSERTION_CREDENTIAL_MISMATCH'],
  [/^bad signature/i, 'ERR_SIGNATURE_INVALID'],
  [/^counter regression/i, 'ERR_COUNTER_REGRESSION'],
];

export function expectedCodeFor(why: string): WebAuthnErrorCode {
  const hit = WHY_CODES.find(([re]) => re.test(why));
  if (!hit) throw new Error(`no expected code for why "${why}": add it to WHY_CODES`);
  return hit[1];
}

function checkVerified(c: VectorCase, out: unknown): void {
  const r = c.result;
  if (!r.verified) throw new Error('unreachable');
  if (c.ceremony === 'registration') {
    const v = out as VerifiedRegistration;
    if (r.fmt !== undefined) expect(v.attestation.fmt).toBe(r.fmt);
    if (r.attestationType !== undefined) expect(v.attestation.type).toBe(r.attestationType);
    if (r.alg !== undefined) expect(v.credential.algorithm).toBe(r.alg);
    if (r.aaguid !== undefined) expect(v.credential.aaguid).toBe(r.aaguid);
    if (r.counter !== undefined) expect(v.credential.counter).toBe(r.counter);
    if (r.userVerified !== undefined) expect(v.userVerified).toBe(r.userVerified);
    if (r.backupEligible !== undefined) expect(v.credential.backupEligible).toBe(r.backupEligible);
    if (r.backedUp !== undefined) expect(v.credential.backedUp).toBe(r.backedUp);
    // A chain the case anchors must be reported as trusted.
    if (c.trustAnchors !== undefined && c.trustAnchors.length > 0) expect(v.attestation.trusted).toBe(true);
  } else {
    const v = out as VerifiedAssertion;
    if (r.counter !== undefined) expect(v.newCounter).toBe(r.counter);
    if (r.userVerified !== undefined) expect(v.userVerified).toBe(r.userVerified);
    if (r.backupEligible !== undefined) expect(v.backupEligible).toBe(r.backupEligible);
    if (r.backedUp !== undefined) expect(v.backedUp).toBe(r.backedUp);
  }
}

/**
 * Vectors whose stated verdict we believe contradicts WebAuthn L3: the DISPUTED table of
 * docs/security.md (the one list; test/helpers/disputed.ts, also read by npm run verify-fixtures).
 * They are not skipped: each test asserts the verdict the table gives, with its code, so a change in
 * either the vector or our verifier shows up here.
 */
const DISPUTED: Readonly<Record<string, DisputedCase>> = Object.fromEntries(DISPUTED_TABLE);

async function judge(c: VectorCase): Promise<void> {
  const disputed = DISPUTED[c.id];
  if (disputed !== undefined) {
    if (disputed.weSay === 'verified') await expect(verifyCase(c), disputed.reason).resolves.toBeDefined();
    else await expect(verifyCase(c), disputed.reason).rejects.toMatchObject({ code: disputed.code });
    return;
  }
  if (c.result.verified) {
    checkVerified(c, await verifyCase(c));
    return;
  }
  // Our options check refuses an expected challenge that is not canonical base64url (no RP encoder
  // produces one) before the response is read; the case is still rejected, with that code.
  const code = isBase64url(c.expected.challenge) ? expectedCodeFor(c.result.why) : 'ERR_OPTIONS_INVALID';
  let caught: unknown;
  try {
    await verifyCase(c);
  } catch (e) {
    caught = e;
  }
  expect(caught, `${c.id} must be rejected (${c.result.why})`).toBeDefined();
  expect(isWebAuthnError(caught), String(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
}

const label = (c: VectorCase): string =>
  DISPUTED[c.id] !== undefined
    ? `${c.id}: DISPUTED, ${DISPUTED[c.id]!.weSay} per L3 (${DISPUTED[c.id]!.code ?? 'no error'}; the vector says ${DISPUTED[c.id]!.vectorSays})`
    : `${c.id}: ${c.result.verified ? 'verified' : `rejected (${c.result.why})`}`;

describe('fixtures/webauthn', () => {
  const cases = loadWebAuthnVectors();
  it('has the 67 cases its README counts', () => {
    expect(cases.length).toBe(67);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });
  for (const c of cases) it(label(c), () => judge(c));
});

describe('fixtures/*.json (software authenticator)', () => {
  const cases = loadFixtureVectors();
  it('has cases, with unique ids', () => {
    expect(cases.length).toBeGreaterThanOrEqual(28);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });
  for (const c of cases) it(label(c), () => judge(c));
});

describe('the why → code table', () => {
  it('maps every known reason and refuses an unknown one', () => {
    expect(expectedCodeFor('challenge mismatch')).toBe('ERR_CLIENT_DATA_CHALLENGE_MISMATCH');
    expect(expectedCodeFor('bad attestation signature')).toBe('ERR_ATTESTATION_SIGNATURE_INVALID');
    expect(() => expectedCodeFor('something new')).toThrow(/no expected code/);
  });
});
