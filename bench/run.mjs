// webauthn-verify benchmark: one process, a correctness gate first, then interleaved timed rounds.
//   node bench/run.mjs              full run (assertion, registration, footprint)
//   node bench/run.mjs --gate-only  correctness gate only (CI: .ci/bench-gate.sh)
//   node bench/run.mjs --quick      fewer/shorter rounds
// Options via env: WV_DIST (built library, default ../dist), BENCH_ROUNDS, BENCH_SLICE_MS.
import os from 'node:os';
import fs from 'node:fs';
import { ALGS, assertionContenders, makeAssertionInputs, ORIGIN, RP_ID } from './assertion.mjs';
import { footprint } from './footprint.mjs';
import { gate } from './gate.mjs';
import { b64u, fmtOps, fmtRatio, fmtUs, loadOurs, table } from './lib.mjs';
import { makeRegistrationInputs, REGISTRATION_KINDS, registrationContenders } from './registration.mjs';
import { measure } from './timing.mjs';
import { metadataGate, metadataLoadMs } from './metadata.mjs';

const args = new Set(process.argv.slice(2));
const gateOnly = args.has('--gate-only');
const quick = args.has('--quick');
const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 3 : 7));
const ms = Number(process.env.BENCH_SLICE_MS ?? (quick ? 150 : 300));

const ours = await loadOurs();
const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model;
console.log(`# webauthn-verify bench — node ${process.version}, ${os.availableParallelism?.() ?? os.cpus().length} CPUs, ${cpu}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);

// ---- inputs + gate (always) ----
const assertionSets = [];
for (const algName of Object.keys(ALGS)) assertionSets.push(await makeAssertionInputs(ours.testing, algName, 32));
const registrationSets = [];
for (const kind of REGISTRATION_KINDS) registrationSets.push(await makeRegistrationInputs(ours.testing, kind, 16));

const failures = [];
const peerDefects = [];
const assertionBlocks = [];
for (const set of assertionSets) {
  const contenders = await assertionContenders(ours, set);
  const g = await gate(contenders, set.items, set.tampered, `assertion ${set.algName}`);
  failures.push(...g.failures);
  peerDefects.push(...g.peerDefects);
  assertionBlocks.push({ set, contenders, accepted: g.accepted });
}
const registrationBlocks = [];
for (const set of registrationSets) {
  const contenders = registrationContenders(ours, set);
  const g = await gate(contenders, set.items, set.tampered, `registration ${set.kind}`);
  failures.push(...g.failures);
  peerDefects.push(...g.peerDefects);
  registrationBlocks.push({ set, contenders, accepted: g.accepted });
}
failures.push(...(await metadataGate(ours.index)));
const checked = assertionBlocks.reduce((n, b) => n + b.contenders.length * (b.set.items.length + b.set.tampered.length), 0) +
  registrationBlocks.reduce((n, b) => n + b.contenders.length * (b.set.items.length + b.set.tampered.length), 0);
if (failures.length > 0) {
  console.error(`CORRECTNESS GATE FAILED (${failures.length}):\n  ` + failures.join('\n  '));
  process.exit(1);
}
console.log(`correctness gate: passed (${checked} verifications: ours and the floors accepted every valid input and refused every tampered one)`);
if (peerDefects.length > 0) console.log(`peer defects (reported, not ours; timings use only the inputs the peer accepted):\n  ` + peerDefects.join('\n  '));
console.log('');
/** fn over the valid inputs this contender accepted in the gate. */
const over = (items, accepted, c) => {
  const ok = accepted.get(c.name);
  return (i) => c.fn(items[ok[i % ok.length]]);
};
if (gateOnly) process.exit(0);
console.log(`# ${rounds} interleaved rounds × ${ms} ms slices per contender; figures are medians over rounds\n`);

// ---- assertion timing ----
const rows = [];
const summary = {};
const targets = [];
const target = (what, value, goal, ok) => targets.push([what, value, goal, ok ? 'met' : 'MISSED']);
for (const { set, contenders, accepted } of assertionBlocks) {
  for (const inFlight of [1, 8]) {
    const timed = contenders.map((c) => ({ name: c.name, fn: over(set.items, accepted, c) }));
    const res = await measure(timed, { inFlight, rounds, ms });
    const swa = res.get(contenders.find((c) => c.swa).name);
    const bestFloor = Math.max(...contenders.filter((c) => c.kind === 'floor').map((c) => res.get(c.name)));
    const mode = inFlight === 1 ? 'sequential' : `${inFlight} in flight`;
    for (const c of contenders) {
      const ops = res.get(c.name);
      rows.push([set.algName, mode, c.name, fmtOps(ops), fmtUs(ops), fmtRatio(ops, swa), fmtRatio(ops, bestFloor)]);
    }
    summary[`${set.algName} ${mode}`] = Object.fromEntries([...res].map(([k, v]) => [k, Math.round(v)]));
    const prepared = res.get('ours: prepared key');
    const stateless = res.get('ours: stateless (COSE bytes)');
    target(`${set.algName} ${mode}: prepared key / best floor`, fmtRatio(prepared, bestFloor), '≥ 0.90×', prepared / bestFloor >= 0.9);
    target(`${set.algName} ${mode}: stateless / SimpleWebAuthn`, fmtRatio(stateless, swa), '≥ 3.00×', stateless / swa >= 3);
    rows.push(['', '', '', '', '', '', '']);
  }
}
console.log('## verifyAssertion (login)\n');
console.log(table(['alg', 'mode', 'contender', 'ops/s', 'µs/op', 'vs SWA', 'vs floor'], rows.slice(0, -1)));

// ---- audit overhead (issue 13): `audit: true` pays for its trail; without it the shared no-op
// recorder must cost nothing. Same ES256 inputs, one prepared key, off / on / node:crypto floor
// interleaved in one measure() so the ratios share the noise. ----
async function auditOverhead({ set, contenders, accepted }) {
  const { verifyAssertion } = ours.assertion;
  const credential = { id: b64u(set.credential.id), publicKey: ours.index.prepareCredentialKey(set.credential.publicKey), counter: 0 };
  const call = (it, audit) => verifyAssertion({ response: it.response, expectedChallenge: it.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential, ...(audit ? { audit: true } : {}) });
  const on = await call(set.items[0], true);
  const off = await call(set.items[0], false);
  if (!(on.audit?.length > 0) || 'audit' in off) throw new Error('audit probe: audit: true must return a trail and the default none');
  const ok = accepted.get('ours: prepared key');
  const floor = contenders.find((c) => c.name.startsWith('floor: node:crypto'));
  const timed = [
    { name: 'prepared key, audit off (default)', fn: (i) => call(set.items[ok[i % ok.length]], false) },
    { name: 'prepared key, audit: true', fn: (i) => call(set.items[ok[i % ok.length]], true) },
    { name: floor.name, fn: over(set.items, accepted, floor) },
  ];
  const out = [];
  const ratios = [];
  for (const inFlight of [1, 8]) {
    const res = await measure(timed, { inFlight, rounds, ms });
    const [offOps, onOps, floorOps] = timed.map((t) => res.get(t.name));
    const mode = inFlight === 1 ? 'sequential' : `${inFlight} in flight`;
    for (const t of timed) out.push([mode, t.name, fmtOps(res.get(t.name)), fmtUs(res.get(t.name)), fmtRatio(res.get(t.name), offOps), fmtRatio(res.get(t.name), floorOps)]);
    out.push(['', '', '', '', '', '']);
    summary[`ES256 audit ${mode}`] = Object.fromEntries([...res].map(([k, v]) => [k, Math.round(v)]));
    ratios.push(`${mode} ${fmtRatio(onOps, offOps)}`);
  }
  return { rows: out.slice(0, -1), ratios };
}
const audit = await auditOverhead(assertionBlocks.find((b) => b.set.algName === 'ES256'));
console.log('\n## verifyAssertion ES256, prepared key: audit off vs audit on\n');
console.log(table(['mode', 'contender', 'ops/s', 'µs/op', 'vs audit off', 'vs floor'], audit.rows));
console.log(`\naudit on / audit off: ${audit.ratios.join(', ')}`);

// ---- registration timing ----
const regRows = [];
for (const { set, contenders, accepted } of registrationBlocks) {
  const timed = contenders.map((c) => ({ name: c.name, fn: over(set.items, accepted, c) }));
  const res = await measure(timed, { inFlight: 1, rounds, ms });
  const swa = res.get(contenders.find((c) => c.swa).name);
  for (const c of contenders) regRows.push([set.kind, c.name, fmtOps(res.get(c.name)), fmtUs(res.get(c.name)), fmtRatio(res.get(c.name), swa)]);
  summary[`registration ${set.kind}`] = Object.fromEntries([...res].map(([k, v]) => [k, Math.round(v)]));
  if (set.kind === 'packed x5c') {
    const r = res.get('ours: verifyRegistration') / swa;
    target('registration packed x5c / SimpleWebAuthn', r.toFixed(2) + '×', '≥ 3.00×', r >= 3);
  }
}
console.log('\n## verifyRegistration (sequential, ES256 credential)\n');
console.log(table(['attestation', 'contender', 'ops/s', 'µs/op', 'vs SWA'], regRows));

// ---- metadata BLOB load ----
const md = await metadataLoadMs(ours.index, { rounds });
console.log('\n## Metadata BLOB load (verifyMetadataBLOB, real MDS3 BLOB)\n');
console.log(table(['input', 'ms/load'], [[`${(md.bytes / 1e6).toFixed(2)} MB, 126 entries`, md.ms.toFixed(1)]]));
summary.metadataLoadMs = md.ms;
target('metadata load (real 1.8 MB BLOB)', `${md.ms.toFixed(1)} ms`, '≤ 100 ms', md.ms <= 100);

// ---- footprint ----
if (!args.has('--no-footprint')) {
  console.log('\n## Footprint\n');
  const fp = await footprint({ quick });
  console.log(table(['measure', 'webauthn-verify', 'SimpleWebAuthn 14'], fp.rows));
  summary.footprint = fp.raw;
  const imp = fp.raw.coldImportMs;
  const cpu = fp.raw.coldImportCpuMs;
  target('cold import of webauthn-verify/assertion (wall)', `${imp.ours.toFixed(1)} ms (${(imp.ours - imp.empty).toFixed(1)} ms over empty)`, '≤ 15 ms', imp.ours <= 15);
  target('cold import of webauthn-verify/assertion (CPU)', `${cpu.ours.toFixed(1)} ms (${(cpu.ours - cpu.empty).toFixed(1)} ms over empty)`, '≤ 15 ms', cpu.ours <= 15);
  const kb = fp.raw.bundle.ours.initial.gzip / 1024;
  target('login-only bundle, initial, min+gzip', kb.toFixed(1) + ' KiB', '≤ 20 KiB', kb <= 20);
  target('no pkijs/asn1js/noble statically on the login path', fp.raw.assertionStaticImports.join(' ') || 'none', 'none', fp.raw.assertionStaticImports.length === 0);
}
console.log('\n## Targets (this run)\n');
console.log(table(['target', 'measured', 'goal', 'verdict'], targets));
console.log(`\n# load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(summary, null, 2) + '\n');
