// Measures the demo over loopback HTTP (numbers for docs/demo.md and docs/production.md):
//   npm run build && node demo/bench.mjs            PGlite in a temp directory
//   DEMO_DATABASE_URL=postgres://… node demo/bench.mjs   a PostgreSQL (use an empty database)
// 1. throughput and latency: full sign-ins (options + verify) from 8 concurrent clients for 10 s;
// 2. sign-in p50/p99 with 10 users, then with 10,000 users (flat if no step rewrites all data);
// 3. server RSS before and during a body flood: 16 concurrent 10 MB posts, then a 600 MB chunked one.
// The server runs in its own process (demo/server.mjs); RSS is read from /proc (Linux).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAssertionResponse, createRegistrationResponse, createTestCredential } from 'webauthn-verify/testing';

const ORIGIN = 'http://localhost:8443';
const dir = process.env.DEMO_DATABASE_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'demo-bench-'));
const env = { ...process.env, PORT: '0', DEMO_ORIGIN: ORIGIN, DEMO_MAX_CEREMONIES_PER_IP: '100000', ...(dir ? { DEMO_DATA_DIR: path.join(dir, 'pglite') } : {}) };
const server = spawn(process.execPath, ['demo/server.mjs'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const port = /^listening on 127\.0\.0\.1:(\d+) /m.exec(out)?.[1];
    if (port) resolve(`http://127.0.0.1:${port}`);
  });
  server.on('exit', () => reject(new Error(out)));
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const rssMb = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

function post(url, body, jar) {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(base + url, { method: 'POST', agent, headers: { 'content-type': 'application/json', origin: ORIGIN, cookie: jar.cookie ?? '' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        const set = res.headers['set-cookie']?.find((c) => c.startsWith('cid=') && !/Max-Age=0/.test(c));
        if (set) jar.cookie = set.split(';')[0];
        resolve({ status: res.statusCode, body: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function signUp(name) {
  const jar = {};
  const o = await post('/api/register/options', { username: name }, jar);
  const credential = await createTestCredential({ alg: -7, userHandle: Buffer.from(o.body.user.id, 'base64url') });
  const r = await post('/api/register/verify', await createRegistrationResponse({ credential, challenge: o.body.challenge, origin: ORIGIN, rpId: 'localhost' }), jar);
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return { name, credential, count: 0 };
}

/** One full sign-in; returns ms. */
async function signIn(user) {
  const jar = {};
  const t = performance.now();
  const o = await post('/api/login/options', { username: user.name }, jar);
  const response = await createAssertionResponse({ credential: user.credential, challenge: o.body.challenge, origin: ORIGIN, rpId: 'localhost', signCount: ++user.count });
  const r = await post('/api/login/verify', response, jar);
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return performance.now() - t;
}

async function latency(users, n) {
  const times = [];
  for (let i = 0; i < n; i++) times.push(await signIn(users[i % users.length]));
  return `p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms`;
}

async function throughput(users, seconds, clients) {
  const times = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    // One user per client: a user's sign-ins never overlap (overlapping ones race by design).
    while (Date.now() < end) times.push(await signIn(users[c % users.length]));
  }));
  return `${(times.length / seconds).toFixed(0)} sign-ins/s (each 2 requests), p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms, 0 errors`;
}

/** Bulk users for the 10,000-user step: straight SQL would skip the code path, so go through HTTP. */
async function addUsers(users, total, prefix) {
  while (users.length < total) {
    const batch = Array.from({ length: Math.min(16, total - users.length) }, (_, i) => signUp(`${prefix}${users.length + i}`));
    users.push(...(await Promise.all(batch)));
  }
}

function flood(bytes, chunked) {
  return new Promise((resolve) => {
    const req = http.request(base + '/api/login/options', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, ...(chunked ? {} : { 'content-length': bytes }) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve('reset'));
    const chunk = Buffer.alloc(1 << 20, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

try {
  const users = [];
  await addUsers(users, 10, 'u');
  console.log(`engine: ${process.env.DEMO_DATABASE_URL ? 'postgres' : 'pglite'}; node ${process.version}`);
  console.log(`RSS after start and 10 sign-ups: ${rssMb()} MB`);
  await latency(users, 100); // warm-up (JIT, connection pool, caches), not reported
  console.log(`sign-in latency, 10 users (sequential, 300): ${await latency(users, 300)}`);
  console.log(`throughput, 10 users, 8 clients, 10 s: ${await throughput(users, 10, 8)}`);
  await addUsers(users, 10_000, 'u');
  console.log(`sign-in latency, 10,000 users (sequential, 300): ${await latency(users.slice(-1000), 300)}`);
  console.log(`RSS before the flood: ${rssMb()} MB`);
  const statuses = await Promise.all(Array.from({ length: 16 }, () => flood(10 << 20, false)));
  console.log(`16 x 10 MB posts: ${[...new Set(statuses)].join(',')}; RSS ${rssMb()} MB`);
  console.log(`600 MB chunked post: ${await flood(600 << 20, true)}; RSS ${rssMb()} MB`);
} finally {
  server.kill('SIGTERM');
  agent.destroy();
  await new Promise((r) => server.once('exit', r));
  if (dir) rmSync(dir, { recursive: true, force: true });
}
