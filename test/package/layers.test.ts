/**
 * The layer rule of docs/ARCHITECTURE.md, checked on the code's own imports: encoding → crypto → cbor →
 * parse → cose → signature → x509 → metadata → attestation → ceremony → testing → cli, then the entry
 * points. A module imports only from its own layer or one below; an entry point (a package subpath's
 * index file, src/index.ts, src/browser-options.ts, src/cli.ts) may import anything, and nothing but an
 * entry point imports an entry point. No cycles anywhere. Type-only imports count too: a type is a
 * dependency a reader has to follow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.js';

const SRC = path.join(REPO_ROOT, 'src');
const LAYERS = ['encoding', 'crypto', 'cbor', 'parse', 'cose', 'signature', 'x509', 'metadata', 'attestation', 'ceremony', 'browser', 'testing', 'cli'];
const ENTRIES = new Set(['index.ts', 'browser-options.ts', 'cli.ts', 'parse/index.ts', 'cose/index.ts', 'x509/index.ts', 'metadata/index.ts', 'testing/index.ts', 'browser/index.ts']);

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [path.relative(SRC, p).split(path.sep).join('/')] : [];
  });
}

/** Layer index of a module; errors.ts sits with encoding at the bottom. */
function layerOf(file: string): number {
  if (file === 'errors.ts') return 0;
  const i = LAYERS.indexOf(file.split('/')[0]!);
  if (i < 0 || !file.includes('/')) throw new Error(`${file} is in no layer: add it to docs/ARCHITECTURE.md and LAYERS`);
  return i;
}

const SPEC = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles()) {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    const targets = [...text.matchAll(SPEC)].map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!)).replace(/\.js$/, '.ts'));
    graph.set(file, targets.filter((t) => t.endsWith('.ts')));
  }
  return graph;
}

function upwardEdges(graph: Map<string, string[]>): string[] {
  const bad: string[] = [];
  for (const [from, tos] of graph) {
    for (const to of tos) {
      if (!graph.has(to)) bad.push(`${from} → ${to} (no such module)`);
      else if (ENTRIES.has(to) && !ENTRIES.has(from)) bad.push(`${from} → ${to} (imports an entry point)`);
      else if (!ENTRIES.has(from) && layerOf(to) > layerOf(from)) bad.push(`${from} → ${to} (upward)`);
    }
  }
  return bad;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return found;
}

describe('layers (docs/ARCHITECTURE.md)', () => {
  const graph = importGraph();

  it('every module is in a layer and the graph is not empty', () => {
    expect(graph.size).toBeGreaterThan(80);
    for (const file of graph.keys()) if (!ENTRIES.has(file)) expect(() => layerOf(file)).not.toThrow();
  });

  it('no import runs up the layers or into an entry point', () => {
    expect(upwardEdges(graph)).toEqual([]);
  });

  it('no import cycle', () => {
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('the checks catch what they claim to (controls)', () => {
    const bad = new Map(graph);
    bad.set('encoding/bytes.ts', ['ceremony/assertion.ts']);
    expect(upwardEdges(bad)).toContain('encoding/bytes.ts → ceremony/assertion.ts (upward)');
    bad.set('cbor/decode.ts', ['parse/index.ts']);
    expect(upwardEdges(bad).some((e) => e.includes('imports an entry point'))).toBe(true);
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']]])).length).toBe(1);
  });
});
