/**
 * webauthn-verify/browser with a fake navigator.credentials backed by the software authenticator:
 * the standard path (PublicKeyCredential.parse*FromJSON + toJSON, written here independently with
 * Buffer) and the fallback (those methods absent) must hand the authenticator the same bytes and
 * produce the same JSON, which the server verifies. Browser DOMExceptions become coded errors.
 * The real-browser twin is test/e2e/browser-entry.mjs (Chromium, CDP virtual authenticator).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCredential, getCredential } from '../../../src/browser/index.js';
import { generateAuthenticationOptions, generateRegistrationOptions } from '../../../src/browser-options.js';
import { verifyAssertion } from '../../../src/ceremony/assertion.js';
import { verifyRegistration } from '../../../src/ceremony/registration.js';
import { createAssertionResponse, createRegistrationResponse, createTestCredential, type TestCredential } from '../../../src/testing/index.js';

const origin = 'https://browser.example';
const rpId = 'browser.example';
const b64u = (v: ArrayBuffer | Uint8Array) => Buffer.from(v instanceof ArrayBuffer ? new Uint8Array(v) : v).toString('base64url');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64url')).buffer;
type Json = Record<string, any>;

/** Spec-shaped parse*FromJSON (§5.1.9/§5.1.10) for the "standard" browser, independent of ours. */
const standardStatics = {
  parseCreationOptionsFromJSON: (o: Json) => ({
    ...o,
    challenge: bytes(o.challenge),
    user: { ...o.user, id: bytes(o.user.id) },
    excludeCredentials: o.excludeCredentials.map((d: Json) => ({ ...d, id: bytes(d.id) })),
  }),
  parseRequestOptionsFromJSON: (o: Json) => ({ ...o, challenge: bytes(o.challenge), allowCredentials: o.allowCredentials.map((d: Json) => ({ ...d, id: bytes(d.id) })) }),
  isConditionalMediationAvailable: async () => true,
};

/** A PublicKeyCredential-like object from the authenticator's JSON, with extras toJSON must carry. */
function asCredential(json: Json, standard: boolean, registration: boolean): Json {
  const r = json.response;
  const expected: Json = { ...json, authenticatorAttachment: 'platform', clientExtensionResults: { credProps: { rk: true }, prf: { enabled: true, results: { first: 'AQID' } } } };
  if (registration) expected.response = { ...r, transports: ['hybrid', 'internal'] };
  const response: Json = registration
    ? { clientDataJSON: bytes(r.clientDataJSON), attestationObject: bytes(r.attestationObject), getTransports: () => ['hybrid', 'internal'], getAuthenticatorData: () => bytes(r.authenticatorData), getPublicKey: () => bytes(r.publicKey), getPublicKeyAlgorithm: () => r.publicKeyAlgorithm }
    : { clientDataJSON: bytes(r.clientDataJSON), authenticatorData: bytes(r.authenticatorData), signature: bytes(r.signature), userHandle: r.userHandle ? bytes(r.userHandle) : null };
  return {
    id: json.id,
    rawId: bytes(json.rawId),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    response,
    getClientExtensionResults: () => ({ credProps: { rk: true }, prf: { enabled: true, results: { first: new Uint8Array([1, 2, 3]).buffer } } }),
    ...(standard ? { toJSON: () => expected } : {}),
  };
}

/** Installs the fake browser; returns what create()/get() received. */
function fakeBrowser(credential: TestCredential, standard: boolean) {
  const seen: Json[] = [];
  const answer = async (req: Json, registration: boolean) => {
    seen.push(req);
    const challenge = b64u(req.publicKey.challenge);
    const json = registration
      ? await createRegistrationResponse({ credential, challenge, origin, rpId })
      : await createAssertionResponse({ credential, challenge, origin, rpId });
    return asCredential(json as unknown as Json, standard, registration);
  };
  vi.stubGlobal('navigator', { credentials: { create: (req: Json) => answer(req, true), get: (req: Json) => answer(req, false) } });
  vi.stubGlobal('PublicKeyCredential', standard ? { ...standardStatics } : {});
  return seen;
}

afterEach(() => vi.unstubAllGlobals());

const regOptions = () => generateRegistrationOptions({ rpName: 'B', rpID: rpId, userName: 'b', excludeCredentials: [{ id: 'AAECAw', transports: ['usb'] }] });
const authOptions = () => generateAuthenticationOptions({ rpID: rpId, allowCredentials: [{ id: 'BAUG' }] });

describe('webauthn-verify/browser: standard and fallback paths agree', () => {
  it('createCredential: same bytes to the authenticator, same JSON back, and it verifies', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const options = regOptions();
    const results: Json[] = [];
    const requests: Json[] = [];
    for (const standard of [true, false]) {
      const seen = fakeBrowser(credential, standard);
      results.push(await createCredential(options));
      requests.push(seen[0]!.publicKey);
    }
    const view = (p: Json) => ({ challenge: b64u(p.challenge), user: b64u(p.user.id), exclude: p.excludeCredentials.map((d: Json) => b64u(d.id)), rest: { ...p, challenge: 0, user: { ...p.user, id: 0 }, excludeCredentials: 0 } });
    expect(view(requests[1]!)).toEqual(view(requests[0]!));
    expect(results[1]).toEqual({ ...results[0], response: { ...results[0]!.response } });
    expect(results[1]!.response.transports).toEqual(['hybrid', 'internal']);
    expect(results[1]!.clientExtensionResults).toEqual({ credProps: { rk: true }, prf: { enabled: true, results: { first: 'AQID' } } });
    const verified = await verifyRegistration({ response: results[1] as never, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpId });
    expect(verified.credential.id).toBe(results[1]!.id);
  });

  it('getCredential: same JSON on both paths, userHandle included, and it verifies', async () => {
    const credential = await createTestCredential({ alg: -8, userHandle: new Uint8Array([9, 9]) });
    const reg = await createRegistrationResponse({ credential, challenge: 'AAAAAAAAAAAAAAAAAAAAAA', origin, rpId });
    const stored = await verifyRegistration({ response: reg, expectedChallenge: 'AAAAAAAAAAAAAAAAAAAAAA', expectedOrigin: origin, expectedRPID: rpId });
    const results: Json[] = [];
    for (const standard of [true, false]) {
      fakeBrowser(credential, standard);
      const options = authOptions();
      const json = await getCredential(options);
      results.push({ ...json, response: { ...json.response, authenticatorData: 'x', signature: 'x', clientDataJSON: 'x' } });
      const ok = await verifyAssertion({ response: json, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpId, credential: { id: stored.credential.id, publicKey: stored.credential.publicKey, counter: 0 } });
      expect(ok.userHandle).toBe('CQk');
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('conditional: mediation is passed through, and refused where the browser lacks it', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const seen = fakeBrowser(credential, true);
    await getCredential(authOptions(), { conditional: true });
    expect(seen[0]!.mediation).toBe('conditional');
    vi.stubGlobal('PublicKeyCredential', { ...standardStatics, isConditionalMediationAvailable: async () => false });
    await expect(getCredential(authOptions(), { conditional: true })).rejects.toMatchObject({ code: 'ERR_BROWSER_UNSUPPORTED', details: { feature: 'conditional mediation' } });
  });
});

describe('webauthn-verify/browser: failures are coded', () => {
  const names: Array<[string, string]> = [
    ['NotAllowedError', 'ERR_BROWSER_NOT_ALLOWED'],
    ['InvalidStateError', 'ERR_BROWSER_INVALID_STATE'],
    ['AbortError', 'ERR_BROWSER_ABORTED'],
    ['SecurityError', 'ERR_BROWSER_SECURITY'],
    ['NotSupportedError', 'ERR_BROWSER_UNSUPPORTED'],
    ['ConstraintError', 'ERR_BROWSER_CONSTRAINT'],
    ['UnknownError', 'ERR_BROWSER_FAILED'],
  ];
  it.each(names)('%s from create() and get() is %s, with the browser error as cause', async (name, code) => {
    const thrown = new DOMException('browser text', name);
    vi.stubGlobal('PublicKeyCredential', {});
    vi.stubGlobal('navigator', { credentials: { create: async () => { throw thrown; }, get: async () => { throw thrown; } } });
    for (const call of [() => createCredential(regOptions()), () => getCredential(authOptions())]) {
      const error = await call().then(() => undefined, (e: unknown) => e as Json);
      expect(error).toMatchObject({ name: 'WebAuthnError', code, details: { name, message: 'browser text' } });
      expect(error!.cause).toBe(thrown);
    }
  });

  it('no WebAuthn in this browser, or no credential returned', async () => {
    vi.stubGlobal('PublicKeyCredential', undefined);
    await expect(createCredential(regOptions())).rejects.toMatchObject({ code: 'ERR_BROWSER_UNSUPPORTED' });
    vi.stubGlobal('PublicKeyCredential', {});
    vi.stubGlobal('navigator', { credentials: { create: async () => null, get: async () => ({ type: 'password' }) } });
    await expect(createCredential(regOptions())).rejects.toMatchObject({ code: 'ERR_BROWSER_FAILED', details: { name: 'null' } });
    await expect(getCredential(authOptions())).rejects.toMatchObject({ code: 'ERR_BROWSER_FAILED', details: { name: 'password' } });
  });

  it('bad options JSON is ERR_OPTIONS_INVALID naming the member (fallback), or the browser TypeError coded (standard)', async () => {
    vi.stubGlobal('navigator', { credentials: { create: async () => null, get: async () => null } });
    vi.stubGlobal('PublicKeyCredential', {});
    const bad: Array<[unknown, string]> = [
      [null, 'options'],
      [{ ...regOptions(), challenge: 'not base64url!' }, 'challenge'],
      [{ ...regOptions(), user: { name: 'b', displayName: '' } }, 'user.id'],
      [{ ...regOptions(), excludeCredentials: [{ type: 'public-key', id: 7 }] }, 'excludeCredentials[0].id'],
      [{ ...regOptions(), extensions: { prf: { eval: { first: '===' } } } }, 'extensions.prf.eval.first'],
    ];
    for (const [options, option] of bad) {
      await expect(createCredential(options as never)).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID', details: { option } });
    }
    await expect(getCredential({ ...authOptions(), allowCredentials: 'x' } as never)).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID', details: { option: 'allowCredentials' } });
    vi.stubGlobal('PublicKeyCredential', { parseCreationOptionsFromJSON: () => { throw new TypeError('bad'); } });
    await expect(createCredential(regOptions())).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID', details: { option: 'options', name: 'TypeError' } });
  });

  it('fallback turns prf and largeBlob inputs into bytes and leaves the rest as sent', async () => {
    const seen: Json[] = [];
    vi.stubGlobal('PublicKeyCredential', {});
    vi.stubGlobal('navigator', { credentials: { get: async (req: Json) => { seen.push(req); return null; } } });
    const options = { ...authOptions(), extensions: { prf: { eval: { first: 'AQ', second: 'Ag' }, evalByCredential: { BAUG: { first: 'Aw' } } }, largeBlob: { write: 'BA' }, appid: 'https://x' } };
    await getCredential(options).catch(() => undefined);
    const ext = seen[0]!.publicKey.extensions;
    expect([b64u(ext.prf.eval.first), b64u(ext.prf.eval.second), b64u(ext.prf.evalByCredential.BAUG.first), b64u(ext.largeBlob.write)]).toEqual(['AQ', 'Ag', 'Aw', 'BA']);
    expect(ext.appid).toBe('https://x');
    expect(seen[0]!.publicKey.rpId).toBe(rpId);
  });
});
