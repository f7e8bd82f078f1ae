// Shared bench plumbing: where the built library is, small byte helpers, statistics and the table.
// Nothing runs at import.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The built library (root `npm run build`); WV_DIST overrides it (e.g. a scratch build). */
export const DIST = path.resolve(here, process.env.WV_DIST ?? '../dist');

export async function loadOurs() {
  const url = (f) => pathToFileURL(path.join(DIST, f)).href;
  const [assertion, index, testing] = await Promise.all([import(url('assertion.js')), import(url('index.js')), import(url('testing.js'))]);
  return { assertion, index, testing };
}

export const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
export const unb64u = (s) => new Uint8Array(Buffer.from(s, 'base64url'));

/** A copy of base64url `s` with one bit flipped in byte `at` (negative: from the end). */
export function flipB64u(s, at) {
  const b = unb64u(s);
  const i = at < 0 ? b.length + at : at;
  b[i] ^= 0x01;
  return b64u(b);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Plain-text aligned table: first column left-aligned, the rest right-aligned. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

export const fmtOps = (x) => (x === undefined ? 'n/a' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
export const fmtUs = (opsPerSec) => (opsPerSec === undefined ? 'n/a' : (1e6 / opsPerSec).toFixed(1));
export const fmtRatio = (a, b) => (a === undefined || b === undefined ? 'n/a' : (a / b).toFixed(2) + '×');
