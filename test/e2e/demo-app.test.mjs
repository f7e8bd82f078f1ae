// In-process tests of the demo server rules (node:test; run by .ci/e2e.sh before the browser
// part, or: npm run build && node --test test/e2e/demo-app.test.mjs). The software authenticator
// from webauthn-verify/testing plays the browser, and an injectable clock tests expiry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAssertionResponse, createRegistrationResponse, createTestCredential } from 'webauthn-verify/testing';
import { createApp } from '../../demo/app.mjs';
import { JsonFileStore } from '../../demo/store.mjs';
import { base64urlToBytes } from '../../demo/b64.mjs';

const origin = 'http://localhost:9999';
const rpId = 'localhost';
const TTL = 60_000;

async function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'demo-app-test-'));
  const store = await JsonFileStore.open(dir);
  const clock = { t: 1_700_000_000_000 };
  const app = createApp({ store, rpID: rpId, origin, challengeTtlMs: TTL, now: () => clock.t });
  return { dir, store, clock, app, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A browser stand-in: keeps the session cookie, sends our Origin header. */
function client(app) {
  let cookie = '';
  return async (method, url, body, headers = {}) => {
    const res = await app.request(url, {
      method,
      headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    return { status: res.status, body: await res.json() };
  };
}

async function signUp(call, username, alg = -7) {
  const options = await call('POST', '/api/register/options', { username });
  assert.equal(options.status, 200);
  const credential = await createTestCredential({ alg, userHandle: base64urlToBytes(options.body.user.id) });
  const response = await createRegistrationResponse({ credential, challenge: options.body.challenge, origin, rpId });
  const verified = await call('POST', '/api/register/verify', response);
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  return { credential, userId: options.body.user.id, credentialId: verified.body.credential.id };
}

async function signIn(call, credential, body = {}, assertionOptions = {}) {
  const options = await call('POST', '/api/login/options', body);
  assert.equal(options.status, 200);
  const response = await createAssertionResponse({ credential, challenge: options.body.challenge, origin, rpId, ...assertionOptions });
  return { response, result: await call('POST', '/api/login/verify', response) };
}

test('sign up, sign in with and without username; counter and store updated on disk', async () => {
  const { dir, store, app, cleanup } = await setup();
  try {
    const call = client(app);
    const { credential, credentialId, userId } = await signUp(call, 'alice');
    await call('POST', '/api/logout', {});
    const byName = await signIn(call, credential, { username: 'alice' });
    assert.equal(byName.result.status, 200);
    assert.equal(byName.result.body.counter, 1);
    await call('POST', '/api/logout', {});
    const discoverable = await signIn(call, credential, {});
    assert.equal(discoverable.result.status, 200);
    assert.equal(discoverable.result.body.user.name, 'alice');
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'db.json'), 'utf8'));
    assert.equal(onDisk.credentials[credentialId].counter, 2);
    assert.equal(onDisk.credentials[credentialId].userId, userId);
    assert.ok(onDisk.credentials[credentialId].lastUsedAt);
    // A fresh store object reads the same data (survives a restart) and no temp files are left.
    const reopened = await JsonFileStore.open(dir);
    assert.deepEqual(await reopened.listCredentials(userId), await store.listCredentials(userId));
    assert.deepEqual(readdirSync(dir), ['db.json']);
    const me = await call('GET', '/api/me');
    assert.equal(me.body.user.name, 'alice');
    assert.equal(me.body.credentials.length, 1);
  } finally {
    cleanup();
  }
});

test('challenges are single-use, bound to the ceremony kind, and expire', async () => {
  const { app, clock, cleanup } = await setup();
  try {
    const call = client(app);
    const { credential } = await signUp(call, 'bob');
    await call('POST', '/api/logout', {});
    const first = await signIn(call, credential, { username: 'bob' });
    assert.equal(first.result.status, 200);
    const replay = await call('POST', '/api/login/verify', first.response);
    assert.equal(replay.body.error.code, 'DEMO_NO_PENDING_CEREMONY');

    await call('POST', '/api/login/options', { username: 'bob' });
    const wrongKind = await call('POST', '/api/register/verify', first.response);
    assert.equal(wrongKind.body.error.code, 'DEMO_CEREMONY_KIND_MISMATCH');

    const options = await call('POST', '/api/login/options', { username: 'bob' });
    const late = await createAssertionResponse({ credential, challenge: options.body.challenge, origin, rpId });
    clock.t += TTL + 1;
    const expired = await call('POST', '/api/login/verify', late);
    assert.equal(expired.body.error.code, 'DEMO_CEREMONY_EXPIRED');
    // The expired challenge is gone too.
    assert.equal((await call('POST', '/api/login/verify', late)).body.error.code, 'DEMO_NO_PENDING_CEREMONY');
  } finally {
    cleanup();
  }
});

test('userHandle is bound to the account; counter regression refused; ownership enforced', async () => {
  const { app, cleanup } = await setup();
  try {
    const alice = client(app);
    const a = await signUp(alice, 'alice');
    const mallory = client(app);
    const m = await signUp(mallory, 'mallory');
    await mallory('POST', '/api/logout', {});
    // Mallory's authenticator claims to be Alice's account: refused by the library.
    const forged = await signIn(mallory, m.credential, {}, { userHandle: base64urlToBytes(a.userId) });
    assert.equal(forged.result.body.error.code, 'ERR_ASSERTION_USER_HANDLE_MISMATCH');
    // Mallory's credential when signing in as alice.
    const asAlice = await signIn(mallory, m.credential, { username: 'alice' });
    assert.equal(asAlice.result.body.error.code, 'DEMO_CREDENTIAL_NOT_ALLOWED');
    // A counter that goes backwards (cloned authenticator) is refused.
    await alice('POST', '/api/logout', {});
    assert.equal((await signIn(alice, a.credential, { username: 'alice' })).result.status, 200);
    const cloned = await signIn(alice, a.credential, { username: 'alice' }, { signCount: 1 });
    assert.equal(cloned.result.body.error.code, 'ERR_COUNTER_REGRESSION');
    // Username-less sign-in without a userHandle.
    const noHandle = await signIn(alice, a.credential, {}, { userHandle: null });
    assert.equal(noHandle.result.body.error.code, 'DEMO_USER_HANDLE_MISSING');
    // Deleting another user's credential is not possible.
    assert.equal((await signIn(alice, a.credential, { username: 'alice' })).result.status, 200);
    const del = await alice('DELETE', `/api/credentials/${m.credentialId}`);
    assert.equal(del.body.error.code, 'DEMO_UNKNOWN_CREDENTIAL');
  } finally {
    cleanup();
  }
});

test('request hygiene: CSRF origin, JSON only, username rules, duplicate usernames', async () => {
  const { app, cleanup } = await setup();
  try {
    const call = client(app);
    const csrf = await call('POST', '/api/login/options', {}, { origin: 'https://evil.example' });
    assert.equal(csrf.status, 403);
    assert.equal(csrf.body.error.code, 'DEMO_BAD_REQUEST_ORIGIN');
    const notJson = await call('POST', '/api/login/options', undefined, { 'content-type': 'text/plain' });
    assert.equal(notJson.body.error.code, 'DEMO_BAD_REQUEST');
    assert.equal((await call('POST', '/api/register/options', { username: 'a b' })).body.error.code, 'DEMO_USERNAME_INVALID');
    await signUp(call, 'carol');
    await call('POST', '/api/logout', {});
    assert.equal((await call('POST', '/api/register/options', { username: 'carol' })).body.error.code, 'DEMO_USERNAME_TAKEN');
    const garbage = await call('POST', '/api/register/options', { username: 'dave' });
    assert.equal(garbage.status, 200);
    const bad = await call('POST', '/api/register/verify', { id: 'x', rawId: 'x', type: 'public-key', response: {} });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.code, /^ERR_/);
  } finally {
    cleanup();
  }
});
