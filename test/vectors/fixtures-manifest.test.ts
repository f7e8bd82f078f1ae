/**
 * fixtures/MANIFEST.json, checked both ways: every file under fixtures/ is listed with its SHA-256,
 * every listed file exists, every data file is read by at least one test, the README table is the
 * manifest's, and nothing in the repository reads ../shared any more.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without type declarations
import { renderFixturesTable, withTable } from '../../scripts/fixtures-table.mjs';
import { FIXTURES_DIR, GENERATED_VECTOR_FILES, REPO_ROOT, loadFixtureVectors, loadWebAuthnVectors } from '../helpers/fixtures.js';

interface Entry {
  path: string;
  kind: 'data' | 'licence' | 'readme' | 'generated';
  source: string;
  upstreamPath: string | null;
  commit: string | null;
  licence: string;
  taken: string | null;
  sha256: string;
  tests: string;
  generated?: { by: string; seed: string; command: string };
}

const manifest = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'MANIFEST.json'), 'utf8')) as { files: Entry[] };
const NOT_LISTED = new Set(['MANIFEST.json', 'README.md']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules') return [];
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const relative = (root: string, files: string[]) => files.map((p) => path.relative(root, p).split(path.sep).join('/'));
const sha256 = (rel: string) => createHash('sha256').update(readFileSync(path.join(FIXTURES_DIR, rel))).digest('hex');

describe('fixtures/MANIFEST.json lists exactly the files under fixtures/', () => {
  const onDisk = relative(FIXTURES_DIR, walk(FIXTURES_DIR)).filter((p) => !NOT_LISTED.has(p)).sort();
  const listed = manifest.files.map((f) => f.path);

  it('every file on disk is listed, every listed file exists, none twice', () => {
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(onDisk);
  });

  it('every listed SHA-256 is the SHA-256 of the bytes in fixtures/', () => {
    const wrong = manifest.files.filter((f) => sha256(f.path) !== f.sha256).map((f) => f.path);
    expect(wrong).toEqual([]);
  });

  it('every entry says where it came from, under which licence, and what it tests', () => {
    for (const f of manifest.files) {
      expect(['data', 'licence', 'readme', 'generated'], f.path).toContain(f.kind);
      for (const field of ['source', 'licence', 'tests'] as const) expect(f[field], `${f.path}: ${field}`).toMatch(/\S/);
      if (f.commit !== null) expect(f.commit, `${f.path}: commit`).toMatch(/^[0-9a-f]{40}$/);
      if (f.kind === 'generated') expect(f.generated, f.path).toMatchObject({ by: expect.any(String), seed: expect.any(String), command: expect.any(String) });
      else expect(f.taken, `${f.path}: taken`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('every upstream folder keeps its licence text next to its data', () => {
    const folders = new Set(manifest.files.filter((f) => f.kind === 'data').map((f) => f.path.split('/')[0]));
    folders.delete('chromium'); // captured by this project's team: no upstream licence
    folders.delete('cbor'); // upstream states none (cbor/README.md): nothing to keep
    for (const folder of folders) {
      expect(manifest.files.some((f) => f.kind === 'licence' && f.path.startsWith(`${folder}/`)), folder).toBe(true);
    }
  });
});

/** JS/TS without comments (a path named in a comment is not a read). */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
/** Shell without comments. */
const withoutShellComments = (text: string) => text.replace(/(^|\s)#.*$/gm, '$1');

/** Test sources (comments stripped), without this file and the loader module itself. */
function testSources(): Map<string, string> {
  const testDir = path.join(REPO_ROOT, 'test');
  const skip = new Set(['fixtures-manifest.test.ts', 'helpers/fixtures.ts']);
  const out = new Map<string, string>();
  for (const rel of relative(testDir, walk(testDir))) {
    if (skip.has(rel) || !/\.(ts|mjs)$/.test(rel)) continue;
    const text = readFileSync(path.join(testDir, rel), 'utf8');
    out.set(rel, withoutComments(text));
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const READER = '(?:fixturePath|readFixtureJson|readFixtureBytes)(?:<[^(]*?>)?\\(\\s*';

/**
 * A fixtures.ts reader called with this folder and file name as literal arguments; or the file name
 * as a whole string literal in a source that calls a reader on its folder (a table of names).
 */
function readsDirectly(source: string, rel: string): boolean {
  const parts = rel.split('/');
  const literals = parts.map((p) => `'${escape(p)}'`).join(',\\s*');
  if (new RegExp(`${READER}${literals}\\s*\\)`).test(source)) return true;
  if (parts.length !== 2) return false;
  const named = new RegExp(`['"\`]${escape(parts[1]!)}['"\`]`).test(source);
  return named && new RegExp(`${READER}'${escape(parts[0]!)}'`).test(source);
}

/**
 * Loaders that read a whole folder, and exactly which files they read. The loader helpers are
 * also run below, so a loader that stopped reading its files would fail here, not pass silently.
 */
const FOLDER_LOADERS: Array<{ call: RegExp; reads: (rel: string) => boolean }> = [
  { call: /\bloadWebAuthnVectors\(\)/, reads: (p) => /^webauthn\/[^/]+\.json$/.test(p) },
  { call: /\bloadFixtureVectors\(\)/, reads: (p) => (GENERATED_VECTOR_FILES as readonly string[]).includes(p) },
  {
    call: /readdirSync\(fixturePath\('wycheproof'\)\)\s*\.filter\(\(f\) => f\.endsWith\('_test\.json'\) && !f\.startsWith\('ecdh_'\)\)/,
    reads: (p) => /^wycheproof\/(?!ecdh_)[^/]+_test\.json$/.test(p),
  },
];

function readersOf(rel: string, sources: Map<string, string>): string[] {
  const loaders = FOLDER_LOADERS.filter((l) => l.reads(rel));
  return [...sources].filter(([, src]) => readsDirectly(src, rel) || loaders.some((l) => l.call.test(src))).map(([name]) => name);
}

describe('every data fixture is read by at least one test', () => {
  const sources = testSources();

  it('the folder loaders read every file they are credited with', () => {
    const files = manifest.files.map((f) => f.path);
    expect(loadWebAuthnVectors().length).toBe(files.filter(FOLDER_LOADERS[0]!.reads).length);
    expect(loadFixtureVectors().length).toBeGreaterThan(0);
  });

  it('each data and generated file has a reader', () => {
    const unread = manifest.files.filter((f) => f.kind === 'data' || f.kind === 'generated').filter((f) => readersOf(f.path, sources).length === 0);
    expect(unread.map((f) => f.path)).toEqual([]);
  });

  it('the check is not vacuous: an unlisted name has no reader', () => {
    expect(readersOf('webauthn/not-a-case.txt', sources)).toEqual([]);
    expect(readersOf('wycheproof/ecdh_secp256r1_test.json', sources)).toEqual([]);
  });
});

describe('fixtures/README.md and the rest of the repository', () => {
  it('the README table is rendered from the manifest (node scripts/fixtures-table.mjs --write)', () => {
    const readme = readFileSync(path.join(FIXTURES_DIR, 'README.md'), 'utf8');
    expect(readme).toBe(withTable(readme, renderFixturesTable(manifest)));
  });

  it('no test, script or CI file reads ../shared', () => {
    const dirs = ['test', 'scripts', '.ci', 'bench'].map((d) => path.join(REPO_ROOT, d));
    const files = dirs.flatMap(walk).filter((p) => !p.endsWith('fixtures-manifest.test.ts'));
    const code = (p: string) => (/\.(ts|mjs|js)$/.test(p) ? withoutComments : withoutShellComments)(readFileSync(p, 'utf8'));
    const offenders = files.filter((p) => /\.\.\/shared\b|['"]shared['"]\s*,\s*['"]vectors['"]/.test(code(p)));
    expect(relative(REPO_ROOT, offenders)).toEqual([]);
  });
});
