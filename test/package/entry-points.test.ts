/**
 * The public subpaths (package.json `exports`): each light entry re-exports the very bindings of
 * the main entry, and the static import graph of the light entries reaches no third-party package
 * (pkijs and asn1js are only test oracles, no entry reaches them; noble is imported lazily where
 * WebCrypto lacks an algorithm). Read from src/, so it holds before any build.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import tsupConfig from '../../tsup.config.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
// tsup.config.ts is one build for the server entries and one for the browser entry: merge their entries.
const config = {
  entry: Object.assign({}, ...(Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]).map((c) => (c as { entry: Record<string, string> }).entry)),
} as { entry: Record<string, string> };

/** './parse' -> 'src/parse/index.ts' (through the tsup entry that builds the dist file package.json names). */
function sourceOf(subpath: string): string {
  const name = /^\.\/dist\/(.+)\.js$/.exec(pkg.exports[subpath].import.default)![1]!;
  return config.entry[name]!;
}

const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json' && k !== '.');

/** Bare specifiers reached through static (value) imports and re-exports, from `entry`. */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    // `import … from 'x'`, `export … from 'x'`, `import 'x'`; type-only ones vanish at build time.
    const re = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
    for (const m of text.matchAll(re)) {
      if (m[2]) continue;
      const spec = m[3]!;
      if (spec.startsWith('.')) visit(path.posix.join(path.posix.dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(entry);
  return packages;
}

describe('public subpaths', () => {
  it('include the light low-level entries', () => {
    expect(subpaths).toEqual(expect.arrayContaining(['./assertion', './options', './testing', './parse', './cose', './x509']));
  });

  // ./testing and ./browser (the browser half: createCredential/getCredential) are not server API.
  it.each(subpaths.filter((s) => s !== './testing' && s !== './browser'))('%s exports the same bindings as the main entry', async (subpath) => {
    const main = await import(path.join(REPO_ROOT, sourceOf('.')));
    const sub = await import(path.join(REPO_ROOT, sourceOf(subpath)));
    const names = Object.keys(sub);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(main[name], `${subpath} ${name}`).toBe(sub[name]);
  });

  it('./testing builds certificates without pkijs/asn1js', () => {
    const found = staticPackages(sourceOf('./testing'));
    expect(found.has('pkijs')).toBe(false);
    expect(found.has('asn1js')).toBe(false);
  });

  it.each(['pkijs', 'asn1js'])('%s is no runtime dependency (only a test oracle)', (name) => {
    expect(Object.keys(pkg.dependencies)).not.toContain(name);
    expect(Object.keys(pkg.devDependencies)).toContain(name);
  });

  it.each(['./assertion', './options', './parse', './cose', './browser'])('%s statically imports no third-party package', (subpath) => {
    expect([...staticPackages(sourceOf(subpath))]).toEqual([]);
  });

  it('x509 parses certificates without pkijs/asn1js (the walker does see its noble imports)', () => {
    const found = staticPackages(sourceOf('./x509'));
    expect(found.has('pkijs')).toBe(false);
    expect(found.has('asn1js')).toBe(false);
    // Certificate fingerprints hash synchronously (src/crypto/hash-sync.ts). Certificate EC keys no
    // longer load @noble/curves: the one EC point check is src/cose/curves.ts (issue 12).
    expect(found.has('@noble/hashes/sha2.js')).toBe(true);
    expect(found.has('@noble/curves/nist.js')).toBe(false);
  });

  it('the main entry reaches neither pkijs nor asn1js (the android-key KeyDescription uses our DER reader)', () => {
    const found = staticPackages(sourceOf('.'));
    expect(found.has('pkijs')).toBe(false);
    expect(found.has('asn1js')).toBe(false);
    expect(found.has('@noble/hashes/sha2.js')).toBe(true); // the walker does see third-party imports
  });
});

const builtLogin = path.join(REPO_ROOT, 'dist', 'assertion.js');

describe.skipIf(!existsSync(builtLogin))('the built login entry (dist/assertion.js; skipped until npm run build)', () => {
  /** Files the built entry loads statically (relative imports only; third-party ones listed apart). */
  function builtGraph(entry: string): { files: Set<string>; packages: Set<string> } {
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
        else packages.add(spec);
      }
    };
    visit(entry);
    return { files, packages };
  }

  it('loads at most 5 files and no third-party package (the subpaths do not fragment its chunks)', () => {
    const { files, packages } = builtGraph(builtLogin);
    expect([...packages]).toEqual([]);
    expect(files.size).toBeLessThanOrEqual(5);
  });
});
