import { describe, expect, it } from 'vitest';
import { verifyAssertion, type VerifyAssertionOptions } from '../../../src/ceremony/assertion.js';
import type { AuditEntry } from '../../../src/ceremony/audit.js';
import { encodeBase64url } from '../../../src/encoding/base64url.js';
import { WebAuthnError } from '../../../src/errors.js';
import { verifyRegistration } from '../../../src/ceremony/registration.js';
import { findStep } from '../../../src/ceremony/steps.js';
import { createAssertionResponse, createRegistrationResponse, createTestCredential } from '../../../src/testing/index.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0xa7));
const HANDLE = new Uint8Array(16).fill(7);

async function assertionSetup(extra: Partial<Parameters<typeof createAssertionResponse>[0]> = {}) {
  const credential = await createTestCredential({ alg: -7 });
  const response = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 5, userHandle: HANDLE, ...extra });
  const options: VerifyAssertionOptions = {
    response,
    expectedChallenge: CHALLENGE,
    expectedOrigin: ORIGIN,
    expectedRPID: RP,
    credential: { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 4, backupEligible: false },
    audit: true,
  };
  return options;
}

async function registrationResponse() {
  const credential = await createTestCredential({ alg: -7, signCount: 0 });
  return createRegistrationResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed' });
}

async function rejection(p: Promise<unknown>): Promise<WebAuthnError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(WebAuthnError);
  return e as WebAuthnError;
}

const steps = (audit: readonly AuditEntry[] | undefined) => (audit ?? []).map((a) => a.step);

describe('audit: true on verifyAssertion', () => {
  it('lists every check in §7.2 order, each step in the step table, all passing', async () => {
    const r = await verifyAssertion({ ...(await assertionSetup()), expectedUserHandle: HANDLE });
    expect(steps(r.audit)).toEqual(['7.2.1', '7.2.3', '7.2.5', '7.2.6', '7.2.9', '7.2.10', '7.2.11', '7.2.12', '7.2.13', '7.2.14', '6.1', '7.2.15', '7.2.16', '7.2.17', '7.2.18', '6.1', '7.2.19', '7.2.21', '7.2.22']);
    for (const a of r.audit!) expect(findStep(a.step), a.step).toBeDefined();
    expect(r.audit!.filter((a) => a.outcome !== 'pass' && a.outcome !== 'skip')).toEqual([]);
    // The expected side may be in the audit: the stored counter and the stored user handle.
    expect(r.audit!.find((a) => a.step === '7.2.22')!.detail).toBe('5; expected 4');
    expect(r.audit!.find((a) => a.step === '7.2.6')!.detail).toContain(encodeBase64url(HANDLE));
    expect(r.policy).toEqual([]);
  });

  it('without audit the result has no audit or policy members', async () => {
    const r = await verifyAssertion({ ...(await assertionSetup()), audit: false });
    expect('audit' in r).toBe(false);
    expect('policy' in r).toBe(false);
  });

  it('a failure carries the audit up to and including the failing step; expected values stay out of details', async () => {
    const wrong = new Uint8Array(16).fill(9);
    const e = await rejection(verifyAssertion({ ...(await assertionSetup()), expectedUserHandle: wrong }));
    expect(e.code).toBe('ERR_ASSERTION_USER_HANDLE_MISMATCH');
    expect(steps(e.audit)).toEqual(['7.2.1', '7.2.3', '7.2.5', '7.2.6']);
    expect(e.audit!.at(-1)).toMatchObject({ step: '7.2.6', outcome: 'fail', detail: 'ERR_ASSERTION_USER_HANDLE_MISMATCH' });
    expect(JSON.stringify(e.details)).not.toContain(encodeBase64url(wrong));
  });

  it('a counter regression fails at 7.2.22 without the stored counter in details; report mode records "report"', async () => {
    const options = await assertionSetup({ signCount: 3 });
    const e = await rejection(verifyAssertion(options));
    expect(e.audit!.at(-1)).toMatchObject({ step: '7.2.22', outcome: 'fail' });
    expect(e.details).not.toHaveProperty('expected');
    const r = await verifyAssertion({ ...options, counterPolicy: 'report' });
    expect(r.audit!.at(-1)).toMatchObject({ step: '7.2.22', outcome: 'report', detail: '3; expected 4' });
  });

  it('an invalid option fails at step 7.2.1 with the audit attached', async () => {
    const e = await rejection(verifyAssertion({ ...(await assertionSetup()), expectedRPID: [] }));
    expect(e.audit).toEqual([{ step: '7.2.1', check: 'options', outcome: 'fail', detail: 'ERR_OPTIONS_INVALID' }]);
  });

  it('every relaxation appears in policy', async () => {
    const options = await assertionSetup();
    const r = await verifyAssertion({
      ...options,
      credential: { ...options.credential, backupEligible: undefined },
      requireUserVerification: false,
      requireUserPresence: false,
      allowCrossOrigin: true,
      counterPolicy: 'report',
      allowNonCanonicalSignatures: true,
      onBackupEligibilityChange: 'report',
      expectedChallenge: (c) => c === CHALLENGE,
    });
    const relaxed = r.policy!.filter((p) => p.effect === 'relaxed').map((p) => p.option);
    expect(relaxed.sort()).toEqual(['allowCrossOrigin', 'allowNonCanonicalSignatures', 'counterPolicy', 'credential.backupEligible', 'onBackupEligibilityChange', 'requireUserPresence', 'requireUserVerification']);
    expect(r.policy!.map((p) => p.option)).toEqual(expect.arrayContaining(['expectedChallenge', 'expectedUserHandle']));
    expect(r.audit!.find((a) => a.step === '7.2.17')).toMatchObject({ outcome: 'skip' });
  });
});

describe('audit: true on verifyRegistration', () => {
  it('lists every check in §7.1 order with the attestation steps', async () => {
    const r = await verifyRegistration({ response: await registrationResponse(), expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, audit: true });
    expect(steps(r.audit)).toEqual(['7.1.1', '7.1.3', '7.1.6', '7.1.7', '7.1.8', '7.1.9', '7.1.10', '7.1.11', '7.1.13', '7.1.14', '7.1.15', '7.1.16', '7.1.17', '7.1.20', '7.1.25', '7.1.20', '7.1.21', '7.1.23', '7.1.22', '7.1.23', '7.1.24']);
    for (const a of r.audit!) expect(findStep(a.step), a.step).toBeDefined();
    expect(r.audit!.at(-1)).toMatchObject({ step: '7.1.24', outcome: 'report' });
    // At its default (true) allowRS1InStatement is no policy entry: policy lists what the caller changed.
    expect(r.policy!.find((p) => p.option === 'attestation.allowRS1InStatement')).toBeUndefined();
  });

  it('a failure ends at the failing step (origin, 7.1.9); the expected origins are in the audit', async () => {
    const e = await rejection(
      verifyRegistration({ response: await registrationResponse(), expectedChallenge: CHALLENGE, expectedOrigin: 'https://other.example', expectedRPID: RP, audit: true }),
    );
    expect(e.code).toBe('ERR_CLIENT_DATA_ORIGIN_MISMATCH');
    expect(e.audit!.at(-1)).toMatchObject({ step: '7.1.9', outcome: 'fail' });
    expect(e.audit!.filter((a) => a.outcome === 'fail')).toHaveLength(1);
  });

  it('requireTrustedAttestation without anchors fails at 7.1.24; every relaxation and strictness is in policy', async () => {
    const e = await rejection(
      verifyRegistration({
        response: await registrationResponse(),
        expectedChallenge: CHALLENGE,
        expectedOrigin: ORIGIN,
        expectedRPID: RP,
        audit: true,
        requireUserVerification: false,
        allowCrossOrigin: true,
        allowNonCanonicalSignatures: true,
        supportedAlgorithms: [-7],
        attestation: {
          requireTrustedAttestation: true,
          formats: ['packed'],
          allowRS1InStatement: false,
          androidKeyAllowSoftwareEnforced: true,
          tpmRequireKnownVendor: true,
          fidoU2FRequireZeroAaguid: true,
          refuseMetadataStatuses: [],
          safetyNetMaxAgeMs: 120_000,
        },
      }),
    );
    expect(e.code).toBe('ERR_ATTESTATION_UNTRUSTED');
    expect(e.audit!.at(-1)).toMatchObject({ step: '7.1.24', outcome: 'fail' });
    const by = (effect: string) => e.policy!.filter((p) => p.effect === effect).map((p) => p.option).sort();
    expect(by('relaxed')).toEqual([
      'allowCrossOrigin',
      'allowNonCanonicalSignatures',
      'attestation.androidKeyAllowSoftwareEnforced',
      'attestation.refuseMetadataStatuses',
      'attestation.safetyNetMaxAgeMs',
      'requireUserVerification',
    ]);
    expect(by('stricter')).toEqual([
      'attestation.allowRS1InStatement',
      'attestation.fidoU2FRequireZeroAaguid',
      'attestation.formats',
      'attestation.requireTrustedAttestation',
      'attestation.tpmRequireKnownVendor',
      'supportedAlgorithms',
    ]);
    expect(e.policy!.find((p) => p.option === 'attestation.metadata')).toMatchObject({ value: 'absent' });
  });

  it('attestation.now is in policy (info, ISO time) when the caller gives it, and absent when the clock decides', async () => {
    const response = await registrationResponse();
    const base = { response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, audit: true };
    const now = new Date('2030-01-02T03:04:05.000Z');
    const given = await verifyRegistration({ ...base, attestation: { now } });
    expect(given.policy!.filter((p) => p.option === 'attestation.now')).toEqual([
      { option: 'attestation.now', value: '2030-01-02T03:04:05.000Z', effect: 'info', note: expect.stringContaining('not the clock') },
    ]);
    const clock = await verifyRegistration(base);
    expect(clock.policy!.map((p) => p.option)).not.toContain('attestation.now');
  });
});
