/**
 * Issue 16, the quirks a login meets: empty userHandle (item 2), backup eligibility that changes
 * after sync (item 3), `android:apk-key-hash:` origins (item 5, both ceremonies and the options
 * generators) and a UTF-8 byte-order mark in front of clientDataJSON (item 9, both ceremonies).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/codes.js';
import { verifyAssertion, type VerifyAssertionOptions } from '../../src/ceremony/assertion.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { generateAuthenticationOptions, generateRegistrationOptions } from '../../src/browser-options.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { createAssertionResponse, createRegistrationResponse, createTestCredential, type TestCredential } from '../../src/testing/index.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x2a));
/** android:apk-key-hash: + unpadded base64url of SHA-256(APK signing certificate) (webauthn4j #353, android/identity-samples #49). */
const APK_ORIGIN = 'android:apk-key-hash:' + encodeBase64url(new Uint8Array(32).fill(0x5c));

let credential: TestCredential;
beforeAll(async () => {
  credential = await createTestCredential({ alg: -7 });
});

async function login(extra: Partial<Parameters<typeof createAssertionResponse>[0]> = {}, options: Partial<VerifyAssertionOptions> = {}) {
  const response = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 10, ...extra });
  return {
    response,
    expectedChallenge: CHALLENGE,
    expectedOrigin: ORIGIN,
    expectedRPID: RP,
    credential: { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 9 },
    ...options,
  } as VerifyAssertionOptions;
}

describe('item 2: userHandle "" (non-discoverable credential, §5.2.2 says null)', () => {
  it('"" is read as absent: the login verifies and reports no user handle', async () => {
    const options = await login();
    const response = options.response as { response: Record<string, unknown> };
    response.response.userHandle = '';
    expect((await verifyAssertion(options)).userHandle).toBeUndefined();
  });
  it('null is read as absent as well', async () => {
    const options = await login({ userHandle: null });
    (options.response as { response: Record<string, unknown> }).response.userHandle = null;
    expect((await verifyAssertion(options)).userHandle).toBeUndefined();
  });
  it('"" never satisfies expectedUserHandle (§7.2 step 6)', async () => {
    const options = await login({}, { expectedUserHandle: credential.userHandle });
    (options.response as { response: Record<string, unknown> }).response.userHandle = '';
    expect(await codeOf(verifyAssertion(options))).toBe('ERR_ASSERTION_USER_HANDLE_MISMATCH');
  });
});

describe('item 3: BE changes after sync (go-webauthn #335, supabase/auth #2732)', () => {
  const be = (stored: boolean | undefined, policy?: 'reject' | 'report') =>
    login({ flags: { be: true } }, {
      credential: { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 9, ...(stored === undefined ? {} : { backupEligible: stored }) },
      ...(policy ? { onBackupEligibilityChange: policy } : {}),
    });
  it("default 'reject': a stored BE=false against BE=true is refused", async () => {
    expect(await codeOf(verifyAssertion(await be(false)))).toBe('ERR_AUTH_DATA_BACKUP_ELIGIBILITY_CHANGED');
  });
  it("'report': the login verifies and says the value changed", async () => {
    const r = await verifyAssertion(await be(false, 'report'));
    expect(r).toMatchObject({ backupEligible: true, backupEligibilityChanged: true });
  });
  it("'report' with an unchanged value, and no stored value at all: backupEligibilityChanged false", async () => {
    expect((await verifyAssertion(await be(true, 'report'))).backupEligibilityChanged).toBe(false);
    expect((await verifyAssertion(await be(undefined))).backupEligibilityChanged).toBe(false);
  });
  it('an unknown policy value is an options error', async () => {
    expect(await codeOf(verifyAssertion(await be(false, 'ignore' as never)))).toBe('ERR_OPTIONS_INVALID');
  });
});

describe('item 5: android:apk-key-hash: origins are exact strings', () => {
  it('registration: verifies when the app origin is listed next to the web origin', async () => {
    const cred = await createTestCredential({ alg: -7 });
    const response = await createRegistrationResponse({ credential: cred, challenge: CHALLENGE, origin: APK_ORIGIN, rpId: RP });
    const r = await verifyRegistration({ response, expectedChallenge: CHALLENGE, expectedOrigin: [ORIGIN, APK_ORIGIN], expectedRPID: RP });
    expect(r.origin).toBe(APK_ORIGIN);
    expect(await codeOf(verifyRegistration({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP }))).toBe(
      'ERR_CLIENT_DATA_ORIGIN_MISMATCH',
    );
  });
  it('assertion: verifies when listed; another key hash is refused (no prefix matching)', async () => {
    const listed = await login({ origin: APK_ORIGIN }, { expectedOrigin: [ORIGIN, APK_ORIGIN] });
    expect((await verifyAssertion(listed)).origin).toBe(APK_ORIGIN);
    const other = await login({ origin: APK_ORIGIN }, { expectedOrigin: [ORIGIN, 'android:apk-key-hash:' + encodeBase64url(new Uint8Array(32))] });
    expect(await codeOf(verifyAssertion(other))).toBe('ERR_CLIENT_DATA_ORIGIN_MISMATCH');
    const prefix = await login({ origin: APK_ORIGIN }, { expectedOrigin: 'android:apk-key-hash:' });
    expect(await codeOf(verifyAssertion(prefix))).toBe('ERR_CLIENT_DATA_ORIGIN_MISMATCH');
  });
  it('options generators: the app uses the website rpID; an origin string is not an RP ID', () => {
    expect(generateRegistrationOptions({ rpName: 'Example', rpID: RP, userName: 'alice' }).rp.id).toBe(RP);
    expect(generateAuthenticationOptions({ rpID: RP }).rpId).toBe(RP);
    expect(() => generateRegistrationOptions({ rpName: 'Example', rpID: APK_ORIGIN, userName: 'alice' })).toThrow(
      expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }),
    );
    expect(() => generateAuthenticationOptions({ rpID: APK_ORIGIN })).toThrow(expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }));
  });
});

describe('item 9: a UTF-8 BOM before clientDataJSON (L3 §7.1 step 5 / §7.2 step 9 "UTF-8 decode")', () => {
  const clientData = (type: string) =>
    JSON.stringify({ type, challenge: CHALLENGE, origin: ORIGIN, crossOrigin: false });
  it('assertion: with and without a leading BOM (signed as sent)', async () => {
    const withBom = await login({ faults: { clientDataJSON: '\ufeff' + clientData('webauthn.get') } });
    expect((await verifyAssertion(withBom)).origin).toBe(ORIGIN);
    const without = await login({ faults: { clientDataJSON: clientData('webauthn.get') } });
    expect((await verifyAssertion(without)).origin).toBe(ORIGIN);
  });
  it('registration: with and without a leading BOM', async () => {
    for (const prefix of ['\ufeff', '']) {
      const cred = await createTestCredential({ alg: -7 });
      const response = await createRegistrationResponse({
        credential: cred,
        challenge: CHALLENGE,
        origin: ORIGIN,
        rpId: RP,
        faults: { clientDataJSON: prefix + clientData('webauthn.create') },
      });
      expect(await codeOf(verifyRegistration({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP }))).toBe('verified');
    }
  });
  it('two BOMs are still refused (only one is removed by UTF-8 decode)', async () => {
    const twice = await login({ faults: { clientDataJSON: '\ufeff\ufeff' + clientData('webauthn.get') } });
    expect(await codeOf(verifyAssertion(twice))).toBe('ERR_CLIENT_DATA_INVALID_JSON');
  });
});
