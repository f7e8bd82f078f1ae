import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../../helpers/codes.js';
import { verifyAssertion, type VerifyAssertionOptions } from '../../../src/ceremony/assertion.js';
import { encodeBase64url } from '../../../src/encoding/base64url.js';
import { prepareCredentialKey } from '../../../src/ceremony/credential-key.js';
import { createAssertionResponse, createTestCredential, encodeAttestedCredentialData, type TestCredential } from '../../../src/testing/index.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0xab));

async function setup(alg = -7, extra: Partial<Parameters<typeof createAssertionResponse>[0]> = {}) {
  const credential = await createTestCredential({ alg });
  const response = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 5, ...extra });
  const options: VerifyAssertionOptions = {
    response,
    expectedChallenge: CHALLENGE,
    expectedOrigin: ORIGIN,
    expectedRPID: RP,
    credential: { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 4 },
  };
  return { credential, response, options };
}

describe.each([
  ['ES256', -7],
  ['RS256', -257],
  ['EdDSA', -8],
])('verifyAssertion with %s', (_name, alg) => {
  it('verifies a genuine assertion and reports the flags and the new counter', async () => {
    const { credential, options } = await setup(alg);
    const r = await verifyAssertion(options);
    expect(r).toMatchObject({
      credentialId: encodeBase64url(credential.id),
      newCounter: 5,
      suspectedClone: false,
      userPresent: true,
      userVerified: true,
      backupEligible: false,
      backedUp: false,
      origin: ORIGIN,
      rpId: RP,
      crossOrigin: false,
      userHandle: encodeBase64url(credential.userHandle),
    });
  });

  it('rejects a corrupted signature', async () => {
    const { options } = await setup(alg, { faults: { corruptSignature: true } });
    expect(await codeOf(verifyAssertion(options))).toBe('ERR_SIGNATURE_INVALID');
  });

  it('rejects a signature by another key of the same algorithm', async () => {
    const other = await createTestCredential({ alg });
    const { options } = await setup(alg, { faults: { signWith: other.privateKey } });
    expect(await codeOf(verifyAssertion(options))).toBe('ERR_SIGNATURE_INVALID');
  });

  it('rejects authenticatorData changed after signing', async () => {
    const { options } = await setup(alg, { faults: { mutateAuthDataAfterSigning: (a) => ((a[36] ^= 1), a) } });
    expect(await codeOf(verifyAssertion(options))).toBe('ERR_SIGNATURE_INVALID');
  });
});

describe('verifyAssertion checks (ES256)', () => {
  let cred: TestCredential;
  beforeAll(async () => {
    cred = await createTestCredential({ alg: -7 });
  });
  async function run(make: Partial<Parameters<typeof createAssertionResponse>[0]>, opts: Partial<VerifyAssertionOptions> = {}, counter = 4) {
    const response = await createAssertionResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 5, ...make });
    return verifyAssertion({
      response,
      expectedChallenge: CHALLENGE,
      expectedOrigin: ORIGIN,
      expectedRPID: RP,
      credential: { id: encodeBase64url(cred.id), publicKey: cred.publicKey, counter },
      ...opts,
    });
  }

  it.each<[string, Partial<Parameters<typeof createAssertionResponse>[0]>, Partial<VerifyAssertionOptions>, string]>([
    ['§7.2 step 11: clientData type webauthn.create', { faults: { type: 'webauthn.create' } }, {}, 'ERR_CLIENT_DATA_TYPE_MISMATCH'],
    ['§7.2 step 12: another challenge', { challenge: 'AAAA' }, {}, 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH'],
    ['§7.2 step 12: challenge verifier says false', {}, { expectedChallenge: () => false }, 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH'],
    ['§7.2 step 12: challenge verifier returns a truthy non-true value', {}, { expectedChallenge: (() => 1) as never }, 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH'],
    ['§7.2 step 12: challenge verifier throws', {}, { expectedChallenge: () => { throw new Error('db down'); } }, 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH'],
    ['§7.2 step 13: another origin', { origin: 'https://evil.example' }, {}, 'ERR_CLIENT_DATA_ORIGIN_MISMATCH'],
    ['§7.2 step 13: origin differing only by a trailing slash', { origin: 'https://example.com/' }, {}, 'ERR_CLIENT_DATA_ORIGIN_MISMATCH'],
    ['§7.2 step 14: crossOrigin true without allowCrossOrigin', { crossOrigin: true }, {}, 'ERR_CLIENT_DATA_CROSS_ORIGIN'],
    ['§7.2 step 14: topOrigin without allowCrossOrigin', { crossOrigin: true, topOrigin: 'https://top.example' }, {}, 'ERR_CLIENT_DATA_CROSS_ORIGIN'],
    ['§7.2 step 14: topOrigin not expected', { crossOrigin: true, topOrigin: 'https://top.example' }, { allowCrossOrigin: true, expectedTopOrigin: 'https://other.example' }, 'ERR_CLIENT_DATA_TOP_ORIGIN_MISMATCH'],
    ['§7.2 step 15: rpIdHash of another RP', { faults: { rpIdHash: new Uint8Array(32) } }, {}, 'ERR_AUTH_DATA_RP_ID_MISMATCH'],
    ['§7.2 step 15: expected RP ID differs', {}, { expectedRPID: 'other.example' }, 'ERR_AUTH_DATA_RP_ID_MISMATCH'],
    ['§7.2 step 16: UP clear', { flags: { up: false, uv: true } }, {}, 'ERR_AUTH_DATA_USER_PRESENCE_REQUIRED'],
    ['§7.2 step 17: UV clear while required (default)', { flags: { up: true, uv: false } }, {}, 'ERR_AUTH_DATA_USER_VERIFICATION_REQUIRED'],
    ['§6.1.3: BS without BE', { flags: { up: true, uv: true, bs: true } }, {}, 'ERR_AUTH_DATA_BACKUP_STATE_INVALID'],
    ['AT set in an assertion without attested data', { flags: { up: true, uv: true, at: true } }, {}, 'ERR_AUTH_DATA_FLAGS_INCONSISTENT'],
    ['leftover bytes after authData (signed)', { faults: { trailingAuthDataBytes: new Uint8Array([0]) } }, {}, 'ERR_AUTH_DATA_TRAILING_BYTES'],
    ['§7.2 step 22: counter not increased', { signCount: 4 }, {}, 'ERR_COUNTER_REGRESSION'],
    ['§7.2 step 22: counter went back to zero', { signCount: 0 }, {}, 'ERR_COUNTER_REGRESSION'],
    ['§7.2 step 5: response for another credential id', { faults: { responseId: 'AAAA', rawId: 'AAAA' } }, {}, 'ERR_ASSERTION_CREDENTIAL_MISMATCH'],
    ['§7.2 step 6: userHandle of another user', { userHandle: new Uint8Array([1, 2, 3]) }, { expectedUserHandle: 'AAAA' }, 'ERR_ASSERTION_USER_HANDLE_MISMATCH'],
    ['§7.2 step 6: userHandle missing while expected', { userHandle: null }, { expectedUserHandle: 'AAAA' }, 'ERR_ASSERTION_USER_HANDLE_MISMATCH'],
  ])('rejects: %s', async (_name, make, opts, expected) => {
    expect(await codeOf(run(make, opts))).toBe(expected);
  });

  it('refuses attested credential data in an assertion (stricter than §7.2)', async () => {
    const acd = encodeAttestedCredentialData({ aaguid: new Uint8Array(16), credentialId: cred.id, publicKey: cred.publicKey });
    expect(await codeOf(run({ flags: { up: true, uv: true, at: true }, faults: { trailingAuthDataBytes: acd } }))).toBe('ERR_AUTH_DATA_ATTESTED_DATA_UNEXPECTED');
  });

  it('refuses a BE change when the stored credential records BE', async () => {
    const response = await createAssertionResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 9, flags: { up: true, uv: true, be: true } });
    const base = { response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP };
    const credential = { id: encodeBase64url(cred.id), publicKey: cred.publicKey, counter: 0 };
    expect(await codeOf(verifyAssertion({ ...base, credential: { ...credential, backupEligible: false } }))).toBe('ERR_AUTH_DATA_BACKUP_ELIGIBILITY_CHANGED');
    expect((await verifyAssertion({ ...base, credential: { ...credential, backupEligible: true } })).backupEligible).toBe(true);
  });

  it('accepts what the options relax, and only then', async () => {
    expect((await run({ flags: { up: true, uv: false } }, { requireUserVerification: false })).userVerified).toBe(false);
    expect((await run({ flags: { up: false, uv: false } }, { requireUserVerification: false, requireUserPresence: false })).userPresent).toBe(false);
    const cross = await run({ crossOrigin: true, topOrigin: 'https://top.example' }, { allowCrossOrigin: true, expectedTopOrigin: ['https://top.example'] });
    expect(cross).toMatchObject({ crossOrigin: true, topOrigin: 'https://top.example' });
    expect((await run({ origin: 'https://b.example' }, { expectedOrigin: ['https://a.example', 'https://b.example'] })).origin).toBe('https://b.example');
    expect((await run({}, { expectedRPID: ['other.example', RP] })).rpId).toBe(RP);
    expect((await run({}, { expectedChallenge: async (c) => c === CHALLENGE })).newCounter).toBe(5);
    expect((await run({}, { expectedChallenge: new Uint8Array(32).fill(0xab) })).newCounter).toBe(5);
    expect((await run({}, { expectedUserHandle: cred.userHandle })).userHandle).toBe(encodeBase64url(cred.userHandle));
  });

  it('accepts counters that are both zero (no counter implemented)', async () => {
    expect((await run({ signCount: 0 }, {}, 0)).newCounter).toBe(0);
  });

  it("reports a suspected clone instead of throwing under counterPolicy 'report'", async () => {
    const r = await run({ signCount: 3 }, { counterPolicy: 'report' });
    expect(r).toMatchObject({ suspectedClone: true, newCounter: 4 });
  });

  it('checks the signature before the counter (a forged response cannot probe counter state)', async () => {
    expect(await codeOf(run({ signCount: 1, faults: { corruptSignature: true } }))).toBe('ERR_SIGNATURE_INVALID');
  });

  it('verifies with a prepared key as with COSE bytes', async () => {
    const response = await createAssertionResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 50 });
    const prepared = prepareCredentialKey(cred.publicKey);
    const r = await verifyAssertion({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, credential: { id: encodeBase64url(cred.id), publicKey: prepared, counter: 1 } });
    expect(r.newCounter).toBe(50);
  });

  it('does not mutate the caller objects', async () => {
    const response = await createAssertionResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 60 });
    const options = { response, expectedChallenge: CHALLENGE, expectedOrigin: [ORIGIN], expectedRPID: [RP], credential: { id: encodeBase64url(cred.id), publicKey: new Uint8Array(cred.publicKey), counter: 1 } };
    const snapshot = structuredClone(options);
    await verifyAssertion(options);
    expect(options).toEqual(snapshot);
  });

  it.each<[string, Record<string, unknown>]>([
    ['options not an object', null as never],
    ['expectedChallenge missing', { expectedChallenge: undefined }],
    ['expectedChallenge empty', { expectedChallenge: '' }],
    ['expectedChallenge padded', { expectedChallenge: 'AA==' }],
    ['expectedChallenge a number', { expectedChallenge: 5 }],
    ['expectedOrigin missing', { expectedOrigin: undefined }],
    ['expectedOrigin empty array', { expectedOrigin: [] }],
    ['expectedRPID missing', { expectedRPID: undefined }],
    ['expectedRPID empty string', { expectedRPID: '' }],
    ['credential missing', { credential: undefined }],
    ['credential.id not base64url', { credential: { id: 'a+b', publicKey: new Uint8Array(1), counter: 0 } }],
    ['credential.counter negative', { credential: { id: 'AAAA', publicKey: new Uint8Array(1), counter: -1 } }],
    ['credential.counter not an integer', { credential: { id: 'AAAA', publicKey: new Uint8Array(1), counter: 1.5 } }],
    ['credential.publicKey a string', { credential: { id: 'AAAA', publicKey: 'pQECAyYg', counter: 0 } }],
    ['requireUserVerification a string', { requireUserVerification: 'false' }],
    ['counterPolicy unknown', { counterPolicy: 'ignore' }],
    ['expectedUserHandle empty', { expectedUserHandle: '' }],
  ])('rejects misconfiguration: %s', async (_name, patch) => {
    const response = await createAssertionResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 70 });
    const options = patch === null ? null : { response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, credential: { id: encodeBase64url(cred.id), publicKey: cred.publicKey, counter: 1 }, ...patch };
    expect(await codeOf(verifyAssertion(options as never))).toBe('ERR_OPTIONS_INVALID');
  });

  it('rejects a stored key that is not a valid COSE key', async () => {
    expect(await codeOf(run({}, { credential: { id: encodeBase64url(cred.id), publicKey: new Uint8Array([0xa0]), counter: 0 } }))).toMatch(/^ERR_COSE_/);
  });
});
