#!/usr/bin/env node
/**
 * `npm run verify-fixtures`: every vector-format fixture (each case in fixtures/webauthn/*.json and
 * in fixtures/software-authenticator.json) through the BUILT command, `node dist/cli.js verify --json
 * <file>`, one line per case: id, source, the verdict the case states, ours, and agreement.
 *
 *   node scripts/verify-fixtures.mjs             # rebuilds dist/ first when dist/cli.js is missing or
 *                                                # older than anything in src/ (node scripts/build.mjs)
 *   node scripts/verify-fixtures.mjs --no-build  # judge dist/cli.js as it is
 *
 * Exit 0 when every case agrees or is listed in the DISPUTED table of docs/security.md (the one list
 * of disputed cases; test/helpers/disputed.ts reads it for the vitest suites). Exit 1 on any
 * disagreement not listed there, on a listed case that agrees now or is not in the corpus (a stale
 * row), and on any CLI run that does not print a verdict per case.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DISPUTED_DOC = 'docs/security.md';
export const DISPUTED_START = '<!-- disputed-table:start';
export const DISPUTED_END = '<!-- disputed-table:end -->';
const DISPUTED_HEADER = ['case', 'the vector says', 'we say', 'code', 'reason'];
const VERDICTS = ['verified', 'rejected'];

/** Cells of one Markdown table row (`\|` stays inside a cell), backticks around a whole cell removed. */
function cells(line) {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|').replace(/^`([^`]*)`$/, '$1'));
}

function disputedRow(line, n) {
  const [id, vectorSays, weSay, code, reason, ...rest] = cells(line);
  const where = `${DISPUTED_DOC} DISPUTED table, row ${n}`;
  if (rest.length > 0 || !reason) throw new Error(`${where}: expected ${DISPUTED_HEADER.length} cells: ${line}`);
  if (!/^[\w.-]+$/.test(id)) throw new Error(`${where}: case id "${id}" is not a fixture id`);
  if (!VERDICTS.includes(vectorSays) || !VERDICTS.includes(weSay) || vectorSays === weSay) {
    throw new Error(`${where}: verdicts must be two different of ${VERDICTS.join('/')}, got "${vectorSays}" / "${weSay}"`);
  }
  if (weSay === 'rejected' ? !/^ERR_[A-Z0-9_]+$/.test(code) : code !== '—') {
    throw new Error(`${where}: code must be our ERR_ code when we reject, "—" when we verify; got "${code}"`);
  }
  return { id, vectorSays, weSay, ...(weSay === 'rejected' ? { code } : {}), reason };
}

/**
 * The DISPUTED table between the disputed-table markers of docs/security.md, as id → row. Throws on
 * missing markers, another header or a malformed row: a table it cannot read is not an empty one.
 */
export function parseDisputedTable(markdown) {
  const start = markdown.indexOf(DISPUTED_START);
  const end = markdown.indexOf(DISPUTED_END, start);
  if (start < 0 || end < 0) throw new Error(`${DISPUTED_DOC}: no DISPUTED table (${DISPUTED_START} … ${DISPUTED_END})`);
  const lines = markdown.slice(start, end).split('\n').slice(1).filter((l) => l.trim().startsWith('|'));
  if (lines.length < 2 || cells(lines[0]).join('|') !== DISPUTED_HEADER.join('|')) {
    throw new Error(`${DISPUTED_DOC}: the DISPUTED table must start with | ${DISPUTED_HEADER.join(' | ')} |`);
  }
  const table = new Map();
  lines.slice(2).forEach((line, i) => {
    const row = disputedRow(line, i + 1);
    if (table.has(row.id)) throw new Error(`${DISPUTED_DOC}: ${row.id} is listed twice in the DISPUTED table`);
    table.set(row.id, row);
  });
  return table;
}

export function readDisputed(root = ROOT) {
  return parseDisputedTable(readFileSync(path.join(root, DISPUTED_DOC), 'utf8'));
}

/** The vector-format fixture files, each with its cases in file order: fixtures/webauthn/*.json, then ours. */
export function loadFixtureFiles(root = ROOT) {
  const dir = path.join(root, 'fixtures', 'webauthn');
  const vectors = readdirSync(dir).filter((n) => n.endsWith('.json')).sort().map((n) => `fixtures/webauthn/${n}`);
  return [...vectors, 'fixtures/software-authenticator.json'].map((file) => {
    const data = JSON.parse(readFileSync(path.join(root, file), 'utf8'));
    const cases = Array.isArray(data) ? data : Array.isArray(data.cases) && !('ceremony' in data) ? data.cases : [data];
    return { file, cases };
  });
}

/** The repository a case's `source` names ("w3c/webauthn index.bs §…" → "w3c/webauthn"). */
const shortSource = (c) => (typeof c.source === 'string' ? c.source.split(/\s/)[0].split('@')[0] : '?');
const said = (verified) => (verified ? 'verified' : 'rejected');
const ours = (v) => (v.verified ? 'verified' : `rejected (${v.code})`);

/** One line's worth: agreement is agrees | disputed (both fine) | DISAGREES | STALE DISPUTE | ERROR. */
export function judgeCase(c, verdict, disputed) {
  const row = { id: String(c.id), source: shortSource(c), expected: said(c.result?.verified === true), ours: '—', agreement: 'ERROR', note: '' };
  if (!verdict || verdict.id !== c.id || typeof verdict.verified !== 'boolean' || !verdict.expected) {
    return { ...row, note: `no verdict for this case from the CLI${verdict?.id !== undefined ? ` (got ${verdict.id})` : ''}` };
  }
  row.ours = ours(verdict);
  const entry = disputed.get(c.id);
  if (verdict.expected.agrees) {
    return entry ? { ...row, agreement: 'STALE DISPUTE', note: `agrees now: remove it from the ${DISPUTED_DOC} DISPUTED table` } : { ...row, agreement: 'agrees' };
  }
  const asListed = entry && entry.vectorSays === row.expected && entry.weSay === said(verdict.verified) && (entry.code === undefined || entry.code === verdict.code);
  if (asListed) return { ...row, agreement: 'disputed', note: `(listed, with its reason, in the ${DISPUTED_DOC} DISPUTED table)` };
  const why = verdict.expected.differences.join('; ');
  return { ...row, agreement: 'DISAGREES', note: entry ? `listed as ${entry.weSay} ${entry.code ?? ''}, but ${why}` : `not in the ${DISPUTED_DOC} DISPUTED table: ${why}` };
}

/** The verdicts one CLI run printed (one object, or an array for a file of cases). */
function verdictsOf(run) {
  if (run.code !== 0 && run.code !== 1) return { error: `exit ${run.code}: ${run.stderr.trim().split('\n')[0] ?? ''}` };
  try {
    const parsed = JSON.parse(run.stdout);
    return { verdicts: Array.isArray(parsed) ? parsed : [parsed] };
  } catch {
    const said = run.stderr.trim().split('\n').find((l) => l.trim() !== '');
    return { error: `the CLI printed no JSON verdict${said ? ` (stderr: ${said.trim()})` : ''}` };
  }
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The core: runs `runCli(['verify', '--json', file])` per fixture file and judges every case.
 * Returns the rows (file order) and the problems (each failing row, each stale table entry).
 */
export async function verifyFixtures({ files, disputed, runCli, concurrency = 2 }) {
  const runs = await mapLimit(files, concurrency, async (f) => verdictsOf(await runCli(['verify', '--json', f.file])));
  const rows = files.flatMap((f, i) =>
    f.cases.map((c, j) => {
      const row = judgeCase(c, runs[i].verdicts?.[j], disputed);
      return runs[i].error ? { ...row, note: `${f.file}: ${runs[i].error}` } : row;
    }),
  );
  const problems = rows.filter((r) => r.agreement !== 'agrees' && r.agreement !== 'disputed').map((r) => `${r.id}: ${r.agreement}: ${r.note}`);
  const ids = new Set(rows.map((r) => r.id));
  for (const id of disputed.keys()) if (!ids.has(id)) problems.push(`${id}: STALE DISPUTE: listed in ${DISPUTED_DOC} but not a fixture case`);
  return { rows, problems };
}

const printable = (s) => String(s).replace(/[^\x20-\x7e…—]/g, '?');

export function formatRows(rows) {
  const width = (k) => Math.max(...rows.map((r) => r[k].length), k.length);
  const cols = ['id', 'source', 'expected', 'ours', 'agreement'];
  const w = Object.fromEntries(cols.map((k) => [k, width(k)]));
  const line = (r) => printable(cols.map((k) => r[k].padEnd(w[k])).join('  ') + (r.note ? `  ${r.note}` : '')).trimEnd();
  return [line({ id: 'id', source: 'source', expected: 'expected', ours: 'ours', agreement: 'agreement', note: '' }), ...rows.map(line)];
}

export function summaryLine(rows, problems) {
  const count = (a) => rows.filter((r) => r.agreement === a).length;
  return `verify-fixtures: ${rows.length} cases: ${count('agrees')} agree, ${count('disputed')} disputed (${DISPUTED_DOC}), ${problems.length} problem(s)`;
}

/** Runs `node dist/cli.js …` and collects its output. */
function builtCli(root) {
  return (argv) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), ...argv], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.on('error', (e) => resolve({ code: -1, stdout, stderr: e.message }));
    });
}

function newestMtime(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = path.join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }, 0);
}

/** Builds dist/ (scripts/build.mjs) when dist/cli.js is missing or older than src/. False when the build fails. */
function ensureBuilt(root) {
  const cli = path.join(root, 'dist', 'cli.js');
  if (existsSync(cli) && statSync(cli).mtimeMs >= newestMtime(path.join(root, 'src'))) return true;
  console.log(`verify-fixtures: dist/cli.js is ${existsSync(cli) ? 'older than src/' : 'missing'}; building (node scripts/build.mjs)`);
  return spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' }).status === 0;
}

async function main() {
  if (!process.argv.includes('--no-build') && !ensureBuilt(ROOT)) process.exit(1);
  const { rows, problems } = await verifyFixtures({ files: loadFixtureFiles(ROOT), disputed: readDisputed(ROOT), runCli: builtCli(ROOT) });
  for (const line of formatRows(rows)) console.log(line);
  for (const p of problems) console.log(`PROBLEM ${printable(p)}`);
  console.log(summaryLine(rows, problems));
  process.exitCode = problems.length === 0 && rows.length > 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch((e) => {
    console.error(`verify-fixtures: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
