// Footprint: cold import time of the assertion entry (fresh node process per sample, median), the
// min+gzip size of an app that imports only the assertion verifier (esbuild), and the number of
// installed production packages.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { build } from 'esbuild';
import { DIST, median } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * One fresh node process per sample imports `specifier` and reports the wall time of the import and
 * the CPU time it used (user + system). CPU time is the steadier figure on a shared, loaded machine.
 */
function coldImport(specifier) {
  const code = `const c=process.cpuUsage();const t=performance.now();await import(${JSON.stringify(specifier)});` +
    `const d=process.cpuUsage(c);process.stdout.write(JSON.stringify({wall:performance.now()-t,cpu:(d.user+d.system)/1000}))`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: here, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cold import of ${specifier} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * Bundles `source` as an app would (esbuild, ESM, code splitting so lazy imports become their own
 * chunks). Returns min and min+gzip bytes of the initial load (the entry and the chunks it imports
 * statically) and of everything including lazily imported chunks.
 */
async function bundleBytes(source) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wv-bundle-'));
  const entry = path.join(here, `.bundle-entry-${process.pid}.mjs`);
  fs.writeFileSync(entry, source);
  try {
    const r = await build({ entryPoints: [entry], bundle: true, minify: true, splitting: true, format: 'esm', platform: 'neutral',
      mainFields: ['module', 'main'], conditions: ['import', 'module', 'default'], write: false, outdir: dir, metafile: true,
      logLevel: 'silent', external: ['node:*', 'crypto'] });
    const outs = r.metafile.outputs;
    const abs = (k) => path.resolve(process.cwd(), k);
    const files = new Map(r.outputFiles.filter((f) => f.path.endsWith('.js')).map((f) => [f.path, Buffer.from(f.contents)]));
    const entryKey = Object.keys(outs).find((k) => outs[k].entryPoint);
    const eager = new Set();
    const queue = [entryKey];
    while (queue.length) {
      const k = queue.pop();
      if (eager.has(k)) continue;
      eager.add(k);
      for (const i of outs[k].imports) if (i.kind === 'import-statement' && outs[i.path]) queue.push(i.path);
    }
    const size = (bufs) => {
      const all = Buffer.concat(bufs);
      return { min: all.length, gzip: zlib.gzipSync(all, { level: 9 }).length };
    };
    return { initial: size([...eager].map((k) => files.get(abs(k)))), all: size([...files.values()]) };
  } finally {
    fs.rmSync(entry, { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Static imports reachable from a built file: local files and bare (package) specifiers. */
export function staticImportGraph(file) {
  const seen = new Set();
  const bare = new Set();
  const visit = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"();]*?\sfrom\s*)?["']([^"']+)["']/g)) {
      if (m[1].startsWith('.')) visit(path.resolve(path.dirname(f), m[1]));
      else bare.add(m[1]);
    }
  };
  visit(file);
  return { files: [...seen], bare: [...bare] };
}

/** Production packages a consumer installs: ours = our dependencies' closure in the root lockfile. */
function installedPackages() {
  const rootLock = JSON.parse(fs.readFileSync(path.join(here, '../package-lock.json'), 'utf8'));
  const closure = (lock, roots, base) => {
    const seen = new Set();
    const visit = (name, from) => {
      // npm's resolution: nested node_modules first, then hoisted.
      const candidates = [from ? `${from}/node_modules/${name}` : null, `${base}node_modules/${name}`].filter(Boolean);
      const key = candidates.find((k) => lock.packages[k]);
      if (!key || seen.has(key) || lock.packages[key].optional && !lock.packages[key].resolved) return;
      seen.add(key);
      for (const d of Object.keys(lock.packages[key].dependencies ?? {})) visit(d, key);
    };
    for (const r of roots) visit(r, null);
    return seen.size;
  };
  const ourDeps = Object.keys(JSON.parse(fs.readFileSync(path.join(here, '../package.json'), 'utf8')).dependencies ?? {});
  const benchLock = JSON.parse(fs.readFileSync(path.join(here, 'package-lock.json'), 'utf8'));
  return { ours: closure(rootLock, ourDeps, ''), swa: closure(benchLock, ['@simplewebauthn/server'], '') };
}

export async function footprint({ quick }) {
  const samples = quick ? 5 : 15;
  // Interleaved per sample: an empty module (node's own ESM start-up cost), ours, SimpleWebAuthn.
  const empty = path.join(os.tmpdir(), `wv-empty-${process.pid}.mjs`);
  fs.writeFileSync(empty, 'export {};\n');
  const specs = { empty, ours: path.join(DIST, 'assertion.js'), swa: '@simplewebauthn/server' };
  const xs = { empty: [], ours: [], swa: [] };
  for (let i = 0; i < samples; i++) for (const k of Object.keys(specs)) xs[k].push(coldImport(specs[k]));
  fs.rmSync(empty, { force: true });
  const med = (k, f) => median(xs[k].map((x) => x[f]));
  const emptyImport = med('empty', 'wall');
  const oursImport = med('ours', 'wall');
  const swaImport = med('swa', 'wall');
  const cpu = { empty: med('empty', 'cpu'), ours: med('ours', 'cpu'), swa: med('swa', 'cpu') };
  const oursBundle = await bundleBytes(`export { verifyAssertion } from ${JSON.stringify(path.join(DIST, 'assertion.js'))};\n`);
  const swaBundle = await bundleBytes(`export { verifyAuthenticationResponse } from '@simplewebauthn/server';\n`);
  const pk = installedPackages();
  const graph = staticImportGraph(path.join(DIST, 'assertion.js'));
  const kib = (n) => (n / 1024).toFixed(1) + ' KiB';
  return {
    raw: { coldImportMs: { empty: emptyImport, ours: oursImport, swa: swaImport }, coldImportCpuMs: cpu, bundle: { ours: oursBundle, swa: swaBundle }, packages: pk, assertionStaticImports: graph.bare },
    rows: [
      [`cold import of the login entry, median of ${samples} processes`, `${oursImport.toFixed(1)} ms`, `${swaImport.toFixed(1)} ms`],
      [`  same, minus an empty module's import (${emptyImport.toFixed(1)} ms)`, `${(oursImport - emptyImport).toFixed(1)} ms`, `${(swaImport - emptyImport).toFixed(1)} ms`],
      [`  CPU time of the import (empty module: ${cpu.empty.toFixed(1)} ms)`, `${cpu.ours.toFixed(1)} ms`, `${cpu.swa.toFixed(1)} ms`],
      ['login-only app: initial JS, min + gzip', kib(oursBundle.initial.gzip), kib(swaBundle.initial.gzip)],
      ['login-only app: initial JS, minified', kib(oursBundle.initial.min), kib(swaBundle.initial.min)],
      ['login-only app: all chunks incl. lazy, min + gzip', kib(oursBundle.all.gzip), kib(swaBundle.all.gzip)],
      ['packages in the production install (dependency closure)', String(pk.ours), String(pk.swa)],
      ['third-party static imports of dist/assertion.js', graph.bare.length ? graph.bare.join(' ') : 'none', 'n/a'],
    ],
  };
}
