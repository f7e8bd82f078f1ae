#!/usr/bin/env node
// `npm run build` (and the `prepare`/`prepack` lifecycle scripts): runs tsup with its output captured.
// A clean build prints one line (none with --quiet). tsup's per-file size report is dropped, but any
// warning or notice (esbuild warnings, Rollup's "empty chunk") fails the build with the full output:
// a quiet build has to be a clean one, not a muted one (issue 15).
//   --quiet       print nothing on success
//   --if-missing  do nothing when dist/ already has the entries (the `prepare` script: a git
//                 dependency or a fresh clone gets dist/, an existing checkout is not rebuilt on
//                 every `npm ci`; `npm pack` rebuilds through `prepack` anyway)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const say = (line) => console.log(`build: ${line}`);

if (args.has('--if-missing') && ['index.js', 'index.cjs', 'index.d.ts'].every((f) => existsSync(path.join(root, 'dist', f)))) {
  if (!quiet) say('dist/ exists, not rebuilt (npm run build rebuilds it)');
  process.exit(0);
}

const tsup = path.join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js');
if (!existsSync(tsup)) {
  console.error('build: tsup is not installed here; run `npm ci` (or `npm install`) in the checkout first.');
  process.exit(1);
}

// tsup.config.ts has two builds (server entries, and the browser entry on its own) that run side by
// side: neither may `clean`, or one wipes the other's output. So dist/ is emptied here, once.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const started = Date.now();
const run = spawnSync(process.execPath, [tsup], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  maxBuffer: 64 * 1024 * 1024,
});
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
// Everything tsup prints on a clean build is a progress or size line; anything else is a finding.
const noise = /^\s*$|^(CLI|ESM|CJS|DTS)\s|Build (start|success)|^\S+ dist\/\S+\s+[\d.]+ [KMG]?B$/;
const findings = output.split('\n').filter((line) => !noise.test(line.trim()));

if (run.status !== 0 || run.error) {
  process.stderr.write(output);
  console.error(`build: tsup failed (${run.error ? run.error.message : `exit ${run.status}`})`);
  process.exit(1);
}
if (findings.length > 0) {
  process.stderr.write(output);
  console.error(`build: tsup printed ${findings.length} line(s) that are not progress: fix the warning, do not mute it`);
  process.exit(1);
}
if (!quiet) {
  const files = readdirSync(path.join(root, 'dist')).filter((f) => /\.(c?js|d\.c?ts)$/.test(f)).length;
  say(`dist/ built in ${((Date.now() - started) / 1000).toFixed(1)} s (${files} .js/.cjs/.d.ts files)`);
}
