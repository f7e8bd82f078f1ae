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

function coldImportMs(specifier, samples) {
  // The child measures its own dynamic import, so node's start-up is not counted.
  const code = `const t=performance.now();await import(${JSON.stringify(specifier)});process.stdout.write(String(performance.now()-t))`;
  const xs = [];
  for (let i = 0; i < samples; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: here, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cold import of ${specifier} failed: ${r.stderr}`);
    xs.push(Number(r.stdout));
  }
  return median(xs);
}

async function bundleBytes(source) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wv-bundle-'));
  const entry = path.join(here, `.bundle-entry-${process.pid}.mjs`);
  fs.writeFileSync(entry, source);
  try {
    const r = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'],
      conditions: ['import', 'module', 'default'], write: false, outdir: dir, logLevel: 'silent', external: ['node:*', 'crypto'] });
    const js = r.outputFiles.filter((f) => f.path.endsWith('.js')).map((f) => f.contents);
    const all = Buffer.concat(js.map((b) => Buffer.from(b)));
    return { min: all.length, gzip: zlib.gzipSync(all, { level: 9 }).length };
  } finally {
    fs.rmSync(entry, { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
  const oursImport = coldImportMs(path.join(DIST, 'assertion.js'), samples);
  const swaImport = coldImportMs('@simplewebauthn/server', samples);
  const oursBundle = await bundleBytes(`export { verifyAssertion } from ${JSON.stringify(path.join(DIST, 'assertion.js'))};\n`);
  const swaBundle = await bundleBytes(`export { verifyAuthenticationResponse } from '@simplewebauthn/server';\n`);
  const pk = installedPackages();
  const kib = (n) => (n / 1024).toFixed(1) + ' KiB';
  return {
    raw: { coldImportMs: { ours: oursImport, swa: swaImport }, bundle: { ours: oursBundle, swa: swaBundle }, packages: pk },
    rows: [
      [`cold import, median of ${samples} fresh processes`, `${oursImport.toFixed(1)} ms`, `${swaImport.toFixed(1)} ms`],
      ['login-only app bundle, minified', kib(oursBundle.min), kib(swaBundle.min)],
      ['login-only app bundle, min + gzip', kib(oursBundle.gzip), kib(swaBundle.gzip)],
      ['installed production packages (incl. itself: +1)', String(pk.ours), String(pk.swa)],
    ],
  };
}
