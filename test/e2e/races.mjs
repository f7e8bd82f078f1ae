// Race and crash suite for the demo relying party, against one database engine.
// Usage (normally via .ci/e2e.sh): npm run build && node test/e2e/races.mjs
//   (default)                       embedded PGlite in a fresh temp directory (RACE_DATA_DIR to choose)
//   DEMO_DATABASE_URL=postgres://…  a PostgreSQL; then two demo processes share it (scenario 5)
// Prints one line per scenario and `races <engine>: N passed, M failed`; exits 1 on any failure.
import { rmSync } from 'node:fs';
import { assert, assertionFor, browser, DB_URL, engine, register, run, servers, startDemo, stopDemo, tempDir } from './race-harness.mjs';

const PARALLEL = 20;

const scenarios = {
  'the same assertion 20x in parallel: exactly one success': async (a) => {
    const owner = browser(a);
    const name = `same-${run}`;
    const { credential } = await register(owner, name);
    const attacker = browser(a);
    const response = await assertionFor(attacker, name, credential, 1);
    // 20 posts of one response with one ceremony cookie: one consumes the challenge.
    const results = await Promise.all(Array.from({ length: PARALLEL }, () => browser(a, new Map(attacker.jar))('POST', '/api/login/verify', response)));
    const ok = results.filter((r) => r.status === 200).length;
    assert(ok === 1, 'exactly one accepted', results.map((r) => r.body.error?.code ?? 'ok'));
    assert(results.every((r) => r.status === 200 || r.body.error.code === 'DEMO_NO_PENDING_CEREMONY'), 'the others: no pending ceremony');
    return `1 accepted, ${PARALLEL - 1} DEMO_NO_PENDING_CEREMONY`;
  },

  'parallel assertions: counter never goes down, no two accepted with one counter': async (a) => {
    const owner = browser(a);
    const name = `ctr-${run}`;
    const { credential } = await register(owner, name);
    const accepted = [];
    const seen = [];
    let base = 0;
    for (let round = 0; round < 5; round++) {
      const browsers = Array.from({ length: 10 }, () => browser(a));
      // Counters base+1..base+4: duplicates within a round, and some lower than others.
      const responses = await Promise.all(browsers.map((b, i) => assertionFor(b, name, credential, base + 1 + (i % 4))));
      const results = await Promise.all(browsers.map((b, i) => b('POST', '/api/login/verify', responses[i])));
      const me = await owner('GET', '/api/me');
      seen.push(me.body.credentials[0].counter);
      for (const r of results) if (r.status === 200) accepted.push(r.body.counter);
      base += 10;
    }
    assert(new Set(accepted).size === accepted.length, 'no two accepted with the same counter', accepted);
    assert(seen.every((c, i) => i === 0 || c > seen[i - 1]), 'stored counter only rises', seen);
    assert(accepted.length >= 5, 'at least one accepted per round', accepted);
    return `${accepted.length} accepted of 50, counters ${accepted.join(',')}; stored ${seen.join('→')}`;
  },

  '20 concurrent registrations of one username: one account': async (a) => {
    const name = `dup-${run}`;
    const results = await Promise.all(Array.from({ length: PARALLEL }, () => register(browser(a), name)));
    const ok = results.filter((r) => r.status === 200);
    assert(ok.length === 1, 'exactly one registration', results.map((r) => r.code ?? r.status));
    assert(results.every((r) => r.status === 200 || r.code === 'DEMO_USERNAME_TAKEN'), 'the others: DEMO_USERNAME_TAKEN');
    const login = await browser(a)('POST', '/api/login/options', { username: name });
    assert(login.status === 200 && login.body.allowCredentials.length === 1, 'one account with one passkey', login.body);
    return `1 account, ${PARALLEL - 1} DEMO_USERNAME_TAKEN`;
  },
};

/** kill -9 in the middle of a write burst, three times: every acknowledged registration is there. */
async function crashScenario(server) {
  let current = server;
  const acknowledged = [];
  for (let crash = 0; crash < 3; crash++) {
    const deadline = Date.now() + 15_000;
    let n = 0;
    const writer = async () => {
      while (Date.now() < deadline && current.child.exitCode === null && current.child.signalCode === null) {
        const name = `crash-${run}-${crash}-${n++}`;
        const r = await register(browser(current), name).catch(() => ({ status: 0 }));
        if (r.status === 200) acknowledged.push(name);
      }
    };
    const writers = Array.from({ length: 6 }, writer);
    const before = acknowledged.length;
    while (acknowledged.length < before + 15 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    current.child.kill('SIGKILL');
    await Promise.all(writers);
    current = await startDemo();
  }
  const check = browser(current);
  const missing = [];
  for (const name of acknowledged) if ((await check('POST', '/api/login/options', { username: name })).status !== 200) missing.push(name);
  assert(missing.length === 0, 'no acknowledged registration lost', missing);
  return { server: current, note: `3 kill -9 crashes, ${acknowledged.length} acknowledged registrations all present` };
}

/** Two demo processes on one PostgreSQL: a ceremony started on A is consumed once across A and B. */
async function twoProcessScenario(a) {
  const b = await startDemo();
  try {
    const name = `two-${run}`;
    const { credential } = await register(browser(a), name);
    let wins = 0;
    for (let round = 0; round < 5; round++) {
      const starter = browser(a);
      const response = await assertionFor(starter, name, credential, round + 1);
      const posts = Array.from({ length: 10 }, (_, i) => browser(i % 2 ? b : a, new Map(starter.jar))('POST', '/api/login/verify', response));
      const results = await Promise.all(posts);
      const ok = results.filter((r) => r.status === 200).length;
      assert(ok === 1, `round ${round}: one winner across two processes`, results.map((r) => r.body.error?.code ?? 'ok'));
      wins += ok;
    }
    return `5 challenges x 10 posts over 2 processes: ${wins} winners`;
  } finally {
    await stopDemo(b);
  }
}

/** PGlite is one process per directory: a second one is refused with a message naming it. */
async function secondPgliteRefused() {
  const refused = await startDemo().then((s) => (stopDemo(s), null), (e) => e.output ?? e.message);
  assert(refused && /in use by process \d+/.test(refused), 'second process refused with a clear error', refused);
  return refused.trim().split('\n').pop();
}

let passed = 0;
let failed = 0;
async function step(name, fn) {
  const t = Date.now();
  try {
    const note = await fn();
    passed++;
    console.log(`  ok   ${name} (${Date.now() - t} ms)${note ? ` — ${note}` : ''}`);
  } catch (e) {
    failed++;
    console.log(`  FAIL ${name} (${Date.now() - t} ms): ${e?.stack ?? e}`);
  }
}

const t0 = Date.now();
const hardStop = setTimeout(() => {
  console.log('races: FAIL (over 150 s)');
  for (const child of servers) child.kill('SIGKILL');
  process.exit(1);
}, 150_000);
let server;
try {
  server = await startDemo();
  for (const [name, fn] of Object.entries(scenarios)) await step(name, () => fn(server));
  await step('kill -9 during a write burst: no acknowledged write lost', async () => {
    const r = await crashScenario(server);
    server = r.server;
    return r.note;
  });
  if (DB_URL) await step('two demo processes on one PostgreSQL: one winner per challenge', () => twoProcessScenario(server));
  else await step('a second demo process on the same PGlite directory is refused', secondPgliteRefused);
} catch (e) {
  failed++;
  console.log(`  FAIL setup: ${e?.stack ?? e}`);
} finally {
  for (const child of servers) child.kill('SIGTERM');
  clearTimeout(hardStop);
}
await new Promise((r) => setTimeout(r, 500));
if (tempDir) rmSync(tempDir, { recursive: true, force: true });
console.log(`races ${engine}: ${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
process.exit(failed === 0 ? 0 : 1);
