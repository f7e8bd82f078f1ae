// Plumbing for test/e2e/races.mjs: start and kill demo processes on one database, and
// browser stand-ins (cookie jar, shared Origin) driven by the software authenticator.
// The demo servers run on loopback (PORT=0) with one origin, as behind a load balancer.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAssertionResponse, createRegistrationResponse, createTestCredential } from 'webauthn-verify/testing';

const ORIGIN = 'http://localhost:8443';
const RP_ID = 'localhost';
const DB_URL = process.env.DEMO_DATABASE_URL;
const engine = DB_URL ? 'postgres' : 'pglite';
const tempDir = DB_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'demo-races-'));
const dataDir = process.env.RACE_DATA_DIR ?? (tempDir && path.join(tempDir, 'pglite'));
const run = Date.now().toString(36);
const servers = new Set();

function assert(cond, message, extra) {
  if (!cond) throw new Error(`${message}${extra === undefined ? '' : ` — got ${JSON.stringify(extra)}`}`);
}
const b64u = (bytes) => Buffer.from(bytes).toString('base64url');

/** Starts a demo process; resolves with { url, child } once it prints its URL (30 s at most). */
function startDemo() {
  const env = { ...process.env, PORT: '0', DEMO_ORIGIN: ORIGIN, DEMO_MAX_CEREMONIES_PER_IP: '5000', ...(DB_URL ? {} : { DEMO_DATA_DIR: dataDir }) };
  const child = spawn(process.execPath, ['demo/server.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.add(child);
  child.on('exit', () => servers.delete(child));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`demo did not start in 30 s: ${out}`)), 30_000);
    const onData = (d) => {
      out += d;
      const port = /^listening on 127\.0\.0\.1:(\d+) for /m.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${port}`, child, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`demo exited (${code}): ${out.trim()}`), { output: out }));
    });
  });
}

async function stopDemo(server, signal = 'SIGTERM') {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill(signal);
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}

/** A browser stand-in against one server: its own cookies, our shared Origin. */
function browser(server, jar = new Map()) {
  const call = async (method, url, body) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(server.url + url, {
      method,
      headers: { 'content-type': 'application/json', origin: ORIGIN, ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    for (const line of res.headers.getSetCookie()) {
      const [k, v] = line.split(';')[0].split('=');
      if (/Max-Age=0/i.test(line) || !v) jar.delete(k);
      else jar.set(k, v);
    }
    return { status: res.status, body: await res.json() };
  };
  call.jar = jar;
  return call;
}

async function register(call, username) {
  const options = await call('POST', '/api/register/options', { username });
  if (options.status !== 200) return { status: options.status, code: options.body.error?.code };
  const credential = await createTestCredential({ alg: -7, userHandle: Buffer.from(options.body.user.id, 'base64url') });
  const response = await createRegistrationResponse({ credential, challenge: options.body.challenge, origin: ORIGIN, rpId: RP_ID });
  const verdict = await call('POST', '/api/register/verify', response);
  return { status: verdict.status, code: verdict.body.error?.code, credential };
}

async function assertionFor(call, username, credential, signCount) {
  const options = await call('POST', '/api/login/options', { username });
  assert(options.status === 200, 'login options', options.body);
  return createAssertionResponse({ credential, challenge: options.body.challenge, origin: ORIGIN, rpId: RP_ID, signCount });
}

export { assert, assertionFor, b64u, browser, register, startDemo, stopDemo, engine, dataDir, DB_URL, run, servers, tempDir };
