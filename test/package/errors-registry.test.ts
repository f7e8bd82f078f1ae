/**
 * The error-code registry: every code the source can throw is in the WebAuthnErrorCode union and in
 * docs/errors.md, and every listed code is really thrown somewhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebAuthnError, isWebAuthnError } from '../../src/errors.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const errorsTs = readFileSync(path.join(REPO_ROOT, 'src/errors.ts'), 'utf8');
const unionCodes = new Set([...errorsTs.matchAll(/\|\s*'(ERR_[A-Z0-9_]+)'/g)].map((m) => m[1]!));
const thrown = new Map<string, string[]>();
for (const file of sourceFiles(path.join(REPO_ROOT, 'src'))) {
  if (file.endsWith(path.join('src', 'errors.ts'))) continue;
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/'(ERR_[A-Z0-9_]+)'/g)) {
    const list = thrown.get(m[1]!) ?? [];
    list.push(path.relative(REPO_ROOT, file));
    thrown.set(m[1]!, list);
  }
}
const docs = readFileSync(path.join(REPO_ROOT, 'docs/errors.md'), 'utf8');
const docCodes = [...docs.matchAll(/^\|\s*`(ERR_[A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]!);

describe('error code registry', () => {
  it('finds codes in the source at all', () => {
    expect(unionCodes.size).toBeGreaterThan(20);
    expect(thrown.size).toBeGreaterThan(20);
  });
  it('every code used in src/ is in the WebAuthnErrorCode union', () => {
    expect([...thrown.keys()].filter((c) => !unionCodes.has(c))).toEqual([]);
  });
  it('every code in the union is used in src/', () => {
    expect([...unionCodes].filter((c) => !thrown.has(c))).toEqual([]);
  });
  it('docs/errors.md lists exactly the union, each once', () => {
    expect(docCodes.filter((c, i) => docCodes.indexOf(c) !== i)).toEqual([]);
    expect([...unionCodes].filter((c) => !docCodes.includes(c))).toEqual([]);
    expect(docCodes.filter((c) => !unionCodes.has(c))).toEqual([]);
  });
  it('every documented code has a meaning and a spec reference column', () => {
    for (const line of docs.split('\n').filter((l) => /^\|\s*`ERR_/.test(l))) {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      expect(cells.length, line).toBe(3);
      expect(cells[1]!.length, line).toBeGreaterThan(5);
      expect(cells[2]!.length, line).toBeGreaterThan(0);
    }
  });
});

describe('WebAuthnError', () => {
  it('carries name, code, details and cause, and clips long attacker strings', () => {
    const cause = new Error('inner');
    const e = new WebAuthnError('ERR_SIGNATURE_INVALID', 'msg', { received: 'x'.repeat(10_000), expected: 3 }, { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('WebAuthnError');
    expect(e.code).toBe('ERR_SIGNATURE_INVALID');
    expect(e.message).toBe('msg');
    expect(e.cause).toBe(cause);
    expect((e.details!.received as string).length).toBeLessThan(200);
    expect(e.details!.expected).toBe(3);
    expect(isWebAuthnError(e)).toBe(true);
    expect(isWebAuthnError(new Error('x'))).toBe(false);
  });
});
