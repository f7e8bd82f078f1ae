/**
 * docs/api.md documents exactly what the package exports. For every entry point in package.json
 * `exports` (through the tsup entry that builds it) the TypeScript checker lists the entry's
 * exports, values and types; the "Export index" of api.md must list the same names, each name must
 * also be described in the body of api.md, and the runtime keys of each module must be among them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import tsupConfig from '../../tsup.config.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
// tsup.config.ts is one build for the server entries and one for the browser entry: merge their entries.
const config = {
  entry: Object.assign({}, ...(Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]).map((c) => (c as { entry: Record<string, string> }).entry)),
} as { entry: Record<string, string> };
const api = readFileSync(path.join(REPO_ROOT, 'docs/api.md'), 'utf8');

/** 'webauthn-verify/parse' -> 'src/parse/index.ts', for every package.json export but package.json. */
const entries = new Map<string, string>(
  Object.keys(pkg.exports)
    .filter((k) => k !== './package.json')
    .map((k) => {
      const name = /^\.\/dist\/(.+)\.js$/.exec(pkg.exports[k].import.default)![1]!;
      return [k === '.' ? 'webauthn-verify' : `webauthn-verify/${k.slice(2)}`, config.entry[name]!];
    }),
);

function typeScriptExports(): Map<string, string[]> {
  const files = [...entries.values()].map((f) => path.join(REPO_ROOT, f));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const out = new Map<string, string[]>();
  for (const [entry, file] of entries) {
    const source = program.getSourceFile(path.join(REPO_ROOT, file))!;
    out.set(entry, checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).map((s) => s.name).sort());
  }
  return out;
}

const [body, index] = api.split(/^## Export index$/m) as [string, string | undefined];

/** The index: `### \`entry\`` headings, each followed by backticked names (and, for the main entry, included entries). */
function documentedIndex(): Map<string, { names: string[]; includes: string[] }> {
  const out = new Map<string, { names: string[]; includes: string[] }>();
  for (const section of (index ?? '').split(/^### /m).slice(1)) {
    const [heading, ...rest] = section.split('\n');
    const entry = /^`([^`]+)`/.exec(heading!)![1]!;
    const tokens = [...rest.join('\n').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    out.set(entry, { names: tokens.filter((t) => !entries.has(t)).sort(), includes: tokens.filter((t) => entries.has(t)) });
  }
  return out;
}

const exported = typeScriptExports();
const documented = documentedIndex();

describe('docs/api.md documents every export of every entry point', () => {
  it('has an Export index with one section per entry point', () => {
    expect(index).toBeDefined();
    expect([...documented.keys()].sort()).toEqual([...entries.keys()].sort());
    expect(exported.get('webauthn-verify/assertion')).toContain('StoredCredential');
  });

  it.each([...entries.keys()])('%s: the index lists exactly its exports', (entry) => {
    const { names, includes } = documented.get(entry)!;
    const included = new Set(includes.flatMap((e) => exported.get(e) ?? []));
    const listed = [...new Set([...names, ...included])].sort();
    expect({ entry, missing: exported.get(entry)!.filter((n) => !listed.includes(n)), notExported: listed.filter((n) => !exported.get(entry)!.includes(n)) }).toEqual({ entry, missing: [], notExported: [] });
  });

  it('every exported name is also described in the body of api.md', () => {
    const all = [...new Set([...exported.values()].flat())];
    const undocumented = all.filter((n) => !new RegExp(`\`[^\`\\n]*\\b${n.replace(/\$/g, '\\$')}\\b[^\`\\n]*\``).test(body));
    expect(undocumented).toEqual([]);
  });

  it.each([...entries])('%s: the runtime exports are among the documented ones', async (entry, file) => {
    const mod = await import(path.join(REPO_ROOT, file));
    const keys = Object.keys(mod);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !exported.get(entry)!.includes(k))).toEqual([]);
  });

  it('the checks are not vacuous: a name nobody exports is caught', () => {
    expect(exported.get('webauthn-verify/testing')).not.toContain('encodeCbor');
    expect(new RegExp('`[^`\\n]*\\bencodeCbor\\b[^`\\n]*`').test(body)).toBe(false);
  });
});
