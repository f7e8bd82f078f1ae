// In-process tests of the demo server rules (node:test; run by .ci/e2e.sh before the browser
// part, or: npm run build && node --test test/e2e/demo-app.test.mjs). The software authenticator
// from webauthn-verify/testing plays the browser, an injectable clock tests expiry, and one
// in-memory PGlite database (the demo's default engine) is shared by every test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { verifyMetadataBLOB } from 'webauthn-verify';
import { createAssertionResponse, createMetadataBLOB, createRegistrationResponse, createTestCredential } from 'webauthn-verify/testing';
import { createApp } from '../../demo/app.mjs';
import { DatabaseOpenError, openDatabase } from '../../demo/db.mjs';
import { SqlStore } from '../../demo/store.mjs';
import { base64urlToBytes } from '../../demo/b64.mjs';
import { MAX_BODY_BYTES } from '../../demo/http.mjs';

const origin = 'http://localhost:9999';
const rpId = 'localhost';
const TTL = 60_000;
let db;
let store;
let serial = 0;
const unique = (name) => `${name}${++serial}`;

before(async () => {
  db = await openDatabase({});
  store = await SqlStore.open(db);
});
after(() => db.close());

function setup(extra = {}) {
  const clock = { t: Date.now() };
  const logged = [];
  const app = createApp({ store, rpID: rpId, origin, challengeTtlMs: TTL, now: () => clock.t, log: (l) => logged.push(l), clientIp: () => extra.ip ?? '192.0.2.1', ...extra });
  return { clock, app, logged };
}

/** A browser stand-in: a cookie jar (sid and cid), our Origin header. */
function client(app) {
  const jar = new Map();
  const call = async (method, url, body, headers = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await app.request(url, {
      method,
      headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof ReadableStream ? body : JSON.stringify(body),
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [k, v] = pair.split('=');
      if (/Max-Age=0/i.test(line) || v === '') jar.delete(k);
      else jar.set(k, v);
    }
    return { status: res.status, body: await res.json(), setCookie: res.headers.getSetCookie() };
  };
  call.jar = jar;
  return call;
}

async function signUp(call, username, alg = -7, aaguid = undefined) {
  const options = await call('POST', '/api/register/options', { username });
  assert.equal(options.status, 200, JSON.stringify(options.body));
  const credential = await createTestCredential({ alg, userHandle: base64urlToBytes(options.body.user.id), ...(aaguid ? { aaguid } : {}) });
  const response = await createRegistrationResponse({ credential, challenge: options.body.challenge, origin, rpId });
  const verified = await call('POST', '/api/register/verify', response);
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  return { credential, userId: options.body.user.id, credentialId: verified.body.credential.id };
}

async function signIn(call, credential, body = {}, assertionOptions = {}) {
  const options = await call('POST', '/api/login/options', body);
  assert.equal(options.status, 200, JSON.stringify(options.body));
  const response = await createAssertionResponse({ credential, challenge: options.body.challenge, origin, rpId, ...assertionOptions });
  return { response, result: await call('POST', '/api/login/verify', response) };
}

test('sign up, sign in with and without username; counter, backup state and last use stored', async () => {
  const { app } = setup();
  const call = client(app);
  const name = unique('alice');
  const { credential, credentialId, userId } = await signUp(call, name);
  await call('POST', '/api/logout', {});
  const byName = await signIn(call, credential, { username: name });
  assert.equal(byName.result.status, 200);
  assert.equal(byName.result.body.counter, 1);
  await call('POST', '/api/logout', {});
  const discoverable = await signIn(call, credential, {});
  assert.equal(discoverable.result.status, 200);
  assert.equal(discoverable.result.body.user.name, name);
  const row = await store.getCredential(credentialId);
  assert.equal(row.counter, 2);
  assert.equal(row.userId, userId);
  assert.ok(row.lastUsedAt);
  const me = await call('GET', '/api/me');
  assert.equal(me.body.user.name, name);
  assert.equal(me.body.credentials.length, 1);
});

test('challenges are single-use, bound to the ceremony kind, and expire', async () => {
  const { app, clock } = setup();
  const call = client(app);
  const name = unique('bob');
  const { credential } = await signUp(call, name);
  await call('POST', '/api/logout', {});
  const first = await signIn(call, credential, { username: name });
  assert.equal(first.result.status, 200);
  assert.equal((await call('POST', '/api/login/verify', first.response)).body.error.code, 'DEMO_NO_PENDING_CEREMONY');
  await call('POST', '/api/login/options', { username: name });
  assert.equal((await call('POST', '/api/register/verify', first.response)).body.error.code, 'DEMO_CEREMONY_KIND_MISMATCH');
  const options = await call('POST', '/api/login/options', { username: name });
  const late = await createAssertionResponse({ credential, challenge: options.body.challenge, origin, rpId });
  clock.t += TTL + 1;
  assert.equal((await call('POST', '/api/login/verify', late)).body.error.code, 'DEMO_CEREMONY_EXPIRED');
  // The expired challenge is gone too.
  assert.equal((await call('POST', '/api/login/verify', late)).body.error.code, 'DEMO_NO_PENDING_CEREMONY');
});

test('userHandle bound to the account; counter regression refused; ownership enforced', async () => {
  const { app } = setup();
  const alice = client(app);
  const aliceName = unique('alice');
  const a = await signUp(alice, aliceName);
  const mallory = client(app);
  const m = await signUp(mallory, unique('mallory'));
  await mallory('POST', '/api/logout', {});
  const forged = await signIn(mallory, m.credential, {}, { userHandle: base64urlToBytes(a.userId) });
  assert.equal(forged.result.body.error.code, 'ERR_ASSERTION_USER_HANDLE_MISMATCH');
  assert.equal((await signIn(mallory, m.credential, { username: aliceName })).result.body.error.code, 'DEMO_CREDENTIAL_NOT_ALLOWED');
  await alice('POST', '/api/logout', {});
  assert.equal((await signIn(alice, a.credential, { username: aliceName })).result.status, 200);
  const cloned = await signIn(alice, a.credential, { username: aliceName }, { signCount: 1 });
  assert.equal(cloned.result.body.error.code, 'ERR_COUNTER_REGRESSION');
  assert.equal((await signIn(alice, a.credential, {}, { userHandle: null })).result.body.error.code, 'DEMO_USER_HANDLE_MISSING');
  assert.equal((await signIn(alice, a.credential, { username: aliceName })).result.status, 200);
  assert.equal((await alice('DELETE', `/api/credentials/${m.credentialId}`)).body.error.code, 'DEMO_UNKNOWN_CREDENTIAL');
});

test('defect 3: error responses carry a code and a public message, never stored data; details go to the log', async () => {
  const { app, logged } = setup();
  const victim = client(app);
  const v = await signUp(victim, unique('victim'));
  const attacker = client(app);
  // Junk assertion naming the victim's credential id, with a wrong userHandle.
  const options = await attacker('POST', '/api/login/options', {});
  const junk = await createAssertionResponse({ credential: v.credential, challenge: options.body.challenge, origin, rpId, userHandle: new Uint8Array(16).fill(7) });
  const res = await attacker('POST', '/api/login/verify', junk);
  assert.equal(res.status, 400);
  assert.equal(res.body.error.code, 'ERR_ASSERTION_USER_HANDLE_MISMATCH');
  assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message']);
  assert.ok(!JSON.stringify(res.body).includes(v.userId), 'the victim user handle is not in the response');
  assert.ok(logged.some((l) => l.includes('ERR_ASSERTION_USER_HANDLE_MISMATCH')), 'the refusal is logged on the server');
});

test('defect 1: bodies are limited in bytes while streaming; 413 without reading the rest', async () => {
  const { app } = setup();
  const call = client(app);
  let pulled = 0;
  const endless = new ReadableStream({ pull(ctrl) { pulled++; ctrl.enqueue(new Uint8Array(16 * 1024).fill(0x20)); } });
  const streamed = await call('POST', '/api/login/options', endless);
  assert.equal(streamed.status, 413);
  assert.equal(streamed.body.error.code, 'DEMO_BODY_TOO_LARGE');
  assert.ok(pulled <= MAX_BODY_BYTES / (16 * 1024) + 3, `stopped reading after ${pulled} chunks`);
  const declared = await call('POST', '/api/login/options', '{}', { 'content-length': String(MAX_BODY_BYTES + 1) });
  assert.equal(declared.status, 413);
  // Bytes, not characters: 30,000 three-byte characters are 90,000 bytes.
  const wide = await call('POST', '/api/login/options', JSON.stringify({ username: '€'.repeat(30_000) }));
  assert.equal(wide.status, 413);
});

test('defect 6: the media type is exactly application/json (any case, parameters allowed)', async () => {
  const { app } = setup();
  const call = client(app);
  for (const type of ['application/json', 'APPLICATION/JSON', 'Application/Json; charset=utf-8']) {
    assert.equal((await call('POST', '/api/login/options', {}, { 'content-type': type })).status, 200, type);
  }
  for (const type of ['application/jsonp', 'application/json-seq', 'text/json', 'text/plain', 'application/x-www-form-urlencoded']) {
    const r = await call('POST', '/api/login/options', {}, { 'content-type': type });
    assert.equal(r.status, 415, type);
  }
});

test('defect 2: anonymous calls create nothing; anonymous ceremonies are bounded; signed-in sessions survive', async () => {
  const { app } = setup({ maxPendingCeremonies: 40, maxPendingCeremoniesPerIp: 10, ip: '198.51.100.1' });
  const user = client(app);
  const name = unique('steady');
  await signUp(user, name);
  const anonymous = await client(app)('GET', '/api/me');
  assert.deepEqual(anonymous.setCookie, [], 'GET /api/me sets no cookie');
  let refused = 0;
  for (let i = 0; i < 60; i++) {
    const r = await client(app)('POST', '/api/login/options', {});
    if (r.status === 429) refused++;
  }
  assert.equal(refused, 50, 'per-address bound: 10 pending ceremonies, the other 50 refused');
  const me = await user('GET', '/api/me');
  assert.equal(me.body.user.name, name, 'the signed-in user is still signed in');
  // The same browser starting again replaces its own ceremony instead of taking another slot.
  const other = setup({ maxPendingCeremonies: 40, maxPendingCeremoniesPerIp: 10, ip: '198.51.100.2' });
  const again = client(other.app);
  for (let i = 0; i < 20; i++) assert.equal((await again('POST', '/api/login/options', {})).status, 200);
});

test('defect 4: a failed write changes nothing (username stays free, no half account)', async () => {
  const failing = { ...db, transaction: (fn) => db.transaction((q) => fn((sql, p) => (sql.startsWith('INSERT INTO credentials') ? Promise.reject(new Error('disk full')) : q(sql, p)))) };
  const broken = new SqlStore(failing);
  const { app, logged } = setup({ store: broken });
  const call = client(app);
  const name = unique('rollback');
  const options = await call('POST', '/api/register/options', { username: name });
  const credential = await createTestCredential({ alg: -7, userHandle: base64urlToBytes(options.body.user.id) });
  const response = await createRegistrationResponse({ credential, challenge: options.body.challenge, origin, rpId });
  const failed = await call('POST', '/api/register/verify', response);
  assert.equal(failed.status, 500);
  assert.ok(logged.some((l) => l.includes('disk full')));
  assert.equal(await store.getUserByName(name), undefined, 'no account was written');
  await signUp(client(setup().app), name); // and the username is still free
});

test('defect 7: two sign-ins verified against the same counter: exactly one is accepted', async () => {
  const { app } = setup();
  const owner = client(app);
  const name = unique('race');
  const { credential, credentialId } = await signUp(owner, name);
  for (let round = 1; round <= 5; round++) {
    const browsers = [client(app), client(app), client(app), client(app)];
    const prepared = await Promise.all(browsers.map(async (b) => {
      const o = await b('POST', '/api/login/options', { username: name });
      return createAssertionResponse({ credential, challenge: o.body.challenge, origin, rpId, signCount: round * 10 });
    }));
    const results = await Promise.all(browsers.map((b, i) => b('POST', '/api/login/verify', prepared[i])));
    const accepted = results.filter((r) => r.status === 200);
    assert.equal(accepted.length, 1, JSON.stringify(results.map((r) => r.body.error?.code ?? 'ok')));
    for (const r of results.filter((x) => x.status !== 200)) assert.match(r.body.error.code, /^(DEMO_CONCURRENT_SIGN_IN|ERR_COUNTER_REGRESSION)$/);
    assert.equal((await store.getCredential(credentialId)).counter, round * 10);
  }
  // The store refuses a compare-and-set against a value that is no longer there.
  assert.equal(await store.recordSignIn(credentialId, { previousCounter: 0, previousBackedUp: false, newCounter: 99, backedUp: false }), false);
});

test('duplicate usernames and credential ids are refused by the store constraints', async () => {
  const { app } = setup();
  const call = client(app);
  const name = unique('carol');
  const { credential } = await signUp(call, name);
  await call('POST', '/api/logout', {});
  assert.equal((await call('POST', '/api/register/options', { username: name })).body.error.code, 'DEMO_USERNAME_TAKEN');
  // The same authenticator credential for a second account: refused, and that account is not created.
  const other = unique('dave');
  const options = await call('POST', '/api/register/options', { username: other });
  const again = await createRegistrationResponse({ credential, challenge: options.body.challenge, origin, rpId });
  assert.equal((await call('POST', '/api/register/verify', again)).body.error.code, 'DEMO_CREDENTIAL_EXISTS');
  assert.equal(await store.getUserByName(other), undefined);
  // Two sign-ups racing for one name: the UNIQUE constraint decides.
  const racer = unique('racer');
  const results = await Promise.all([0, 1, 2].map(() => signUpRaw(client(app), racer)));
  assert.equal(results.filter((s) => s === 200).length, 1, JSON.stringify(results));
});

async function signUpRaw(call, username) {
  const options = await call('POST', '/api/register/options', { username });
  if (options.status !== 200) return options.status;
  const credential = await createTestCredential({ alg: -7, userHandle: base64urlToBytes(options.body.user.id) });
  const response = await createRegistrationResponse({ credential, challenge: options.body.challenge, origin, rpId });
  return (await call('POST', '/api/register/verify', response)).status;
}

test('request hygiene: CSRF origin names the URL to open; garbage responses get codes', async () => {
  const { app } = setup();
  const call = client(app);
  const csrf = await call('POST', '/api/login/options', {}, { origin: 'https://evil.example' });
  assert.equal(csrf.status, 403);
  assert.equal(csrf.body.error.code, 'DEMO_BAD_REQUEST_ORIGIN');
  assert.ok(csrf.body.error.message.includes(origin));
  assert.equal((await call('POST', '/api/register/options', { username: 'a b' })).body.error.code, 'DEMO_USERNAME_INVALID');
  assert.equal((await call('POST', '/api/register/options', { username: unique('erin') })).status, 200);
  const bad = await call('POST', '/api/register/verify', { id: 'x', rawId: 'x', type: 'public-key', response: {} });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.code, /^ERR_/);
});

test('start-up errors name the directory: not a directory, or in use by another process', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'demo-db-test-'));
  try {
    const file = path.join(dir, 'plain-file');
    writeFileSync(file, 'x');
    await assert.rejects(openDatabase({ dataDir: path.join(file, 'sub') }), (e) => e instanceof DatabaseOpenError && e.message.includes(file));
    const busy = path.join(dir, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'demo.lock'), String(process.ppid));
    await assert.rejects(openDatabase({ dataDir: busy }), (e) => e instanceof DatabaseOpenError && e.message.includes(busy) && e.message.includes(String(process.ppid)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- Authenticator names (DEMO_MDS_BLOB; docs/demo.md "Authenticator names")

const TEST_AAGUID = '0badc0de-5eed-4000-8000-00000000a1a1';
const GOOGLE_PASSWORD_MANAGER = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
const aaguidBytes = (uuid) => Uint8Array.from(uuid.replace(/-/g, '').match(/../g), (h) => parseInt(h, 16));
const mdsPayload = () => ({
  legalHeader: 'demo test',
  no: 3,
  nextUpdate: '2099-01-01',
  entries: [{
    aaguid: TEST_AAGUID,
    metadataStatement: { description: 'Test Key 5 NFC', attestationTypes: ['basic_full'], attestationRootCertificates: [] },
    statusReports: [{ status: 'FIDO_CERTIFIED', effectiveDate: '2020-01-01' }],
    timeOfLastStatusChange: '2020-01-01',
  }],
});

test('authenticator names: from a verified BLOB by AAGUID, else the built-in list, labelled as the authenticator\'s claim', async () => {
  const { blob, chain } = await createMetadataBLOB({ payload: mdsPayload() });
  const metadata = await verifyMetadataBLOB(blob, { rootCertificate: chain.anchorsPem[0] });
  const { app } = setup({ metadata });
  const call = client(app);
  const registered = await signUp(call, unique('named'), -7, aaguidBytes(TEST_AAGUID));
  // Another passkey with a provider's AAGUID (not in the BLOB) and one with no AAGUID (all zero).
  for (const aaguid of [aaguidBytes(GOOGLE_PASSWORD_MANAGER), undefined]) {
    const options = await call('POST', '/api/register/options', {});
    const credential = await createTestCredential({ alg: -7, userHandle: base64urlToBytes(registered.userId), ...(aaguid ? { aaguid } : {}) });
    const added = await call('POST', '/api/register/verify', await createRegistrationResponse({ credential, challenge: options.body.challenge, origin, rpId }));
    assert.equal(added.status, 200, JSON.stringify(added.body));
  }
  const listed = (await call('GET', '/api/me')).body.credentials;
  assert.deepEqual(listed.map((c) => c.authenticator), [
    { name: 'Test Key 5 NFC', source: 'fido-metadata', label: 'Test Key 5 NFC (reported by the authenticator)' },
    { name: 'Google Password Manager', source: 'known-providers', label: 'Google Password Manager (reported by the authenticator)' },
    null,
  ]);
  assert.equal(listed[0].aaguid, TEST_AAGUID);
  // Without a BLOB: the same AAGUID has no name; the built-in list still answers.
  const plain = client(setup().app);
  await signUp(plain, unique('unnamed'), -7, aaguidBytes(TEST_AAGUID));
  assert.equal((await plain('GET', '/api/me')).body.credentials[0].authenticator, null);
});

const withoutDemoVariables = (vars) => Object.fromEntries(Object.entries(vars).filter(([k]) => !k.startsWith('DEMO_')));
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs `node demo/server.mjs` with env until it exits or prints `until`; returns its output. */
function startServer(env, until) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../../demo/server.mjs', import.meta.url))], { env: { ...withoutDemoVariables(process.env), PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const out = { stdout: '', stderr: '' };
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`no exit in 30 s: ${JSON.stringify(out)}`))), 30_000);
    child.stdout.on('data', (d) => {
      out.stdout += d;
      if (until && until.test(out.stdout)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d) => (out.stderr += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ...out });
    });
  });
}

test('start-up: a refused BLOB is a one-line error naming the file and the code; nothing else starts', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'demo-mds-test-'));
  try {
    const { blob, chain } = await createMetadataBLOB({ payload: mdsPayload(), faults: { tamperPayload: true } });
    const blobFile = path.join(dir, 'tampered.jwt');
    const rootFile = path.join(dir, 'root.pem');
    writeFileSync(blobFile, blob);
    writeFileSync(rootFile, chain.anchorsPem[0]);
    const dataDir = path.join(dir, 'pglite');
    const refused = await startServer({ DEMO_MDS_BLOB: blobFile, DEMO_MDS_ROOT: rootFile, DEMO_DATA_DIR: dataDir });
    assert.equal(refused.code, 1, JSON.stringify(refused));
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, new RegExp(`^demo: DEMO_MDS_BLOB ${escape(blobFile)} refused: ERR_METADATA_SIGNATURE_INVALID: [^\\n]+\\n$`));
    // The BLOB is checked before the database is touched.
    assert.equal(existsSync(dataDir), false);
    // The real BLOB (serial 20) at today's date: its signer certificate expired in 2023.
    const real = fileURLToPath(new URL('../../fixtures/mds/mds3-blob-no20-2022-10.jwt', import.meta.url));
    const expired = await startServer({ DEMO_MDS_BLOB: real, DEMO_DATA_DIR: dataDir });
    assert.equal(expired.code, 1);
    assert.match(expired.stderr, new RegExp(`^demo: DEMO_MDS_BLOB ${escape(real)} refused: ERR_METADATA_CHAIN_UNTRUSTED \\(cause: ERR_X509_\\w+\\): [^\\n]+\\n$`));
    // Config mistakes are one line too.
    assert.match((await startServer({ DEMO_MDS_NOW: '2022-10-20', DEMO_DATA_DIR: dataDir })).stderr, /^demo: DEMO_MDS_ROOT and DEMO_MDS_NOW need DEMO_MDS_BLOB\n$/);
    assert.match((await startServer({ DEMO_MDS_BLOB: real, DEMO_MDS_NOW: 'last week', DEMO_DATA_DIR: dataDir })).stderr, /^demo: DEMO_MDS_NOW must be an ISO date/);
    assert.match((await startServer({ DEMO_MDS_BLOB: path.join(dir, 'missing.jwt'), DEMO_DATA_DIR: dataDir })).stderr, /^demo: cannot read DEMO_MDS_BLOB .*missing\.jwt: ENOENT\n$/);
    // DEMO_MDS_NOW (test-only) inside the old BLOB's validity: accepted, and said so before the
    // database opens (stopped there: the full start with a BLOB is the browser e2e's).
    const accepted = await startServer({ DEMO_MDS_BLOB: real, DEMO_MDS_NOW: '2022-10-20', DEMO_DATA_DIR: dataDir }, /^metadata: .*\n/m);
    assert.match(accepted.stdout, /^metadata: BLOB no\. 20, 126 entries, next update 2022-11-01 \(.*mds3-blob-no20-2022-10\.jwt\)\n/, JSON.stringify(accepted));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
