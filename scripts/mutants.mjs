#!/usr/bin/env node
/**
 * npm run test:mutants — tests the tests. scripts/mutants.json lists single-edit weakenings of the
 * security checks in docs/security.md, each { id, file, find, replace, tests, why }. This runner:
 *
 *   1. copies the repository once to a scratch directory (node_modules symlinked, .git left out);
 *   2. runs every targeted test file once, unmutated (the baseline): a baseline that does not run
 *      stops everything; failing baseline tests are listed, fail the run, and are ignored as killers;
 *   3. for each mutant: `find` must occur EXACTLY ONCE in `file` (otherwise the mutant is STALE and
 *      the run fails: code moved under it and it no longer tests anything), applies the edit, runs
 *      its `tests` with vitest, and restores the file. A mutant is KILLED when at least one test
 *      fails. It SURVIVED when all pass; ERROR when vitest could not run the files (a mutant that
 *      does not compile kills nothing); TIMEOUT when the run hung.
 *   4. prints a table and exits 1 unless every mutant was KILLED.
 *
 * Options: --only id[,id…]  run these mutants · --check  only check that every entry applies (no
 * tests, seconds) · --head  copy the committed tree (git archive HEAD) instead of the working tree
 * · --keep  keep the scratch directory · --json FILE  also write the results as JSON.
 * Node APIs are fine here: this is a development script, not part of src/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const LIST = path.join(REPO, 'scripts', 'mutants.json');
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.ci-out', 'coverage']);
const RUN_TIMEOUT_MS = 300_000;

function parseArgs(argv) {
  const opts = { only: undefined, check: false, head: false, keep: false, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') opts.only = new Set(argv[++i].split(','));
    else if (a === '--check') opts.check = true;
    else if (a === '--head') opts.head = true;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--json') opts.json = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

/** Every entry is complete; ids are unique. Returns the problems (missing files make an entry STALE instead). */
function validateEntries(mutants) {
  const problems = [];
  const ids = new Set();
  for (const [i, m] of mutants.entries()) {
    const where = `entry ${i} (${m?.id ?? 'no id'})`;
    if (typeof m?.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(m.id)) problems.push(`${where}: id must be kebab-case`);
    else if (ids.has(m.id)) problems.push(`${where}: duplicate id`);
    ids.add(m?.id);
    for (const field of ['file', 'find', 'why']) if (typeof m?.[field] !== 'string' || m[field] === '') problems.push(`${where}: ${field} must be a non-empty string`);
    if (typeof m?.replace !== 'string') problems.push(`${where}: replace must be a string`);
    if (m?.find === m?.replace) problems.push(`${where}: find and replace are equal`);
    if (!Array.isArray(m?.tests) || m.tests.length === 0) problems.push(`${where}: tests must be a non-empty array`);
  }
  return problems;
}

/** Why `m` cannot be applied in `root` (STALE), or undefined when its file, tests and `find` are in place. */
function staleness(root, m) {
  const file = path.join(root, m.file);
  if (!existsSync(file)) return `${m.file} does not exist`;
  const missing = m.tests.filter((t) => !existsSync(path.join(root, t)));
  if (missing.length > 0) return `test file ${missing.join(', ')} does not exist`;
  const n = occurrences(readFileSync(file, 'utf8'), m.find);
  return n === 1 ? undefined : `find occurs ${n} times in ${m.file} (must be exactly once)`;
}

function occurrences(text, find) {
  let n = 0;
  for (let at = text.indexOf(find); at >= 0; at = text.indexOf(find, at + 1)) n++;
  return n;
}

/** A scratch copy of the repository (working tree, or HEAD with --head) with node_modules linked. */
function makeScratch(head) {
  const base = mkdtempSync(path.join(os.tmpdir(), 'webauthn-verify-mutants-'));
  const root = path.join(base, 'main');
  mkdirSync(root);
  if (head) {
    const r = spawnSync('sh', ['-c', `git archive --format=tar HEAD | tar -x -C "${root}"`], { cwd: REPO, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('git archive HEAD failed');
  } else {
    const keep = (src) => path.basename(src) !== 'node_modules' && !(path.dirname(src) === REPO && SKIP_DIRS.has(path.basename(src)));
    cpSync(REPO, root, { recursive: true, filter: keep });
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return { base, root };
}

/**
 * Runs vitest on `tests` in `root`. Returns { status, failed, totalTests, ms, detail }: status RAN
 * (then `failed` lists the failing tests as "file > name"), ERROR (files did not load or run, or no
 * test ran) or TIMEOUT.
 */
function runVitest(root, tests) {
  const out = path.join(root, '.mutants-result.json');
  rmSync(out, { force: true });
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const start = Date.now();
  const r = spawnSync(process.execPath, [vitest, 'run', ...tests, '--reporter=json', `--outputFile=${out}`, '--silent'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Date.now() - start;
  if (r.error?.code === 'ETIMEDOUT' || r.signal) return { status: 'TIMEOUT', failed: [], ms };
  if (!existsSync(out)) return { status: 'ERROR', failed: [], ms, detail: (r.stderr || r.stdout || '').slice(-2000) };
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const files = report.testResults ?? [];
  const failed = files.flatMap((f) =>
    (f.assertionResults ?? []).filter((a) => a.status === 'failed').map((a) => `${path.relative(root, f.name)} > ${a.fullName}`),
  );
  // Files that failed without a failing test did not load or run (an import or syntax error).
  const broken = files.filter((f) => f.status === 'failed' && !f.assertionResults?.some((a) => a.status === 'failed'));
  if (broken.length > 0 || report.numTotalTests === 0) {
    const detail = broken.map((f) => `${path.relative(root, f.name)}: ${String(f.message).slice(0, 300)}`).join('\n') || 'no test ran';
    return { status: 'ERROR', failed, ms, detail };
  }
  return { status: 'RAN', failed, totalTests: report.numTotalTests, ms };
}

const listed = (names) => names.slice(0, 10).join('\n  ') + (names.length > 10 ? `\n  … ${names.length - 10} more` : '');

/**
 * Applies one mutant in the scratch copy, runs its tests, restores the file. KILLED when a test
 * that passed in the baseline fails (tests already failing in the baseline prove nothing).
 */
function judge(root, m, baselineFailures) {
  const stale = staleness(root, m);
  if (stale !== undefined) return { status: 'STALE', detail: stale };
  const file = path.join(root, m.file);
  const original = readFileSync(file, 'utf8');
  writeFileSync(file, original.replace(m.find, () => m.replace));
  try {
    const r = runVitest(root, m.tests);
    if (r.status !== 'RAN') return r;
    const killers = r.failed.filter((t) => !baselineFailures.has(t));
    return { ...r, status: killers.length > 0 ? 'KILLED' : 'SURVIVED', failedTests: killers.length, detail: killers.length > 0 ? undefined : 'every targeted test that passes unmutated still passes' };
  } finally {
    writeFileSync(file, original);
  }
}

function printTable(results) {
  const rows = results.map(({ m, r }) => `| ${m.id} | ${m.file} | ${r.status} | ${r.failedTests ?? ''} | ${r.ms === undefined ? '' : (r.ms / 1000).toFixed(1)} |`);
  console.log(['| mutant | file | verdict | failing tests | s |', '| --- | --- | --- | ---: | ---: |', ...rows].join('\n'));
  for (const { m, r } of results) if (r.status !== 'KILLED' && r.status !== 'APPLIES') console.log(`\n${r.status} ${m.id}: ${m.why}\n  ${r.detail ?? 'every targeted test passed with the check weakened'}`);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const all = JSON.parse(readFileSync(LIST, 'utf8')).mutants;
  const problems = validateEntries(all);
  if (problems.length > 0) {
    console.error(`scripts/mutants.json is invalid:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  const mutants = opts.only ? all.filter((m) => opts.only.has(m.id)) : all;
  if (opts.only && mutants.length !== opts.only.size) throw new Error('--only names an unknown mutant id');
  const started = Date.now();
  const { base, root } = makeScratch(opts.head);
  const cleanup = () => opts.keep || rmSync(base, { recursive: true, force: true });
  process.on('SIGINT', () => (cleanup(), process.exit(130)));
  try {
    const run = opts.check ? { results: checkOnly(root, mutants), baselineGreen: true } : runAll(root, mutants);
    if (run === undefined) {
      process.exitCode = 1;
      return;
    }
    const { results, baselineGreen } = run;
    printTable(results);
    const bad = results.filter(({ r }) => r.status !== 'KILLED' && r.status !== 'APPLIES');
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const verdict = `${results.length - bad.length} ${opts.check ? 'apply' : 'killed'}, ${bad.length} not`;
    console.log(`\n${results.length} mutants: ${verdict}${baselineGreen ? '' : '; baseline NOT green'} (${seconds} s on ${os.availableParallelism()} cores)`);
    if (opts.json) writeFileSync(opts.json, JSON.stringify({ seconds: Number(seconds), baselineGreen, results: results.map(({ m, r }) => ({ id: m.id, ...r })) }, null, 2));
    process.exitCode = bad.length === 0 && baselineGreen ? 0 : 1;
  } finally {
    cleanup();
  }
}

function checkOnly(root, mutants) {
  return mutants.map((m) => {
    const stale = staleness(root, m);
    return { m, r: stale === undefined ? { status: 'APPLIES' } : { status: 'STALE', detail: stale } };
  });
}

/** The baseline, then every mutant. Returns undefined when the baseline cannot be run at all. */
function runAll(root, mutants) {
  const tests = [...new Set(mutants.flatMap((m) => m.tests))].filter((t) => existsSync(path.join(root, t))).sort();
  console.log(`baseline: ${tests.length} test files, unmutated …`);
  const baseline = runVitest(root, tests);
  if (baseline.status !== 'RAN') {
    console.error(`baseline ${baseline.status}: the targeted tests must run before mutants can be judged\n${baseline.detail ?? ''}`);
    return undefined;
  }
  console.log(`baseline: ${baseline.totalTests} tests in ${(baseline.ms / 1000).toFixed(1)} s, ${baseline.failed.length} failing`);
  if (baseline.failed.length > 0) {
    console.log(`BASELINE NOT GREEN (the run will fail; mutants are judged by the other tests):\n  ${listed(baseline.failed)}`);
  }
  const known = new Set(baseline.failed);
  const results = mutants.map((m, i) => {
    const r = judge(root, m, known);
    console.log(`[${i + 1}/${mutants.length}] ${r.status.padEnd(8)} ${m.id} (${((r.ms ?? 0) / 1000).toFixed(1)} s)`);
    return { m, r };
  });
  return { results, baselineGreen: baseline.failed.length === 0 };
}

main();
