import { readdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStep, renderStepTable, STEPS } from '../../../src/ceremony/steps.js';
import { REPO_ROOT } from '../../helpers/fixtures.js';

const ROOT = REPO_ROOT;

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, ext);
    return path.endsWith(ext) ? [path] : [];
  });
}

/** "§7.1 step 14", "§7.2 steps 20–21", "§7.1 steps 21-24" → problems with the steps they name. */
export function citationProblems(text: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/§7\.([12]) steps? (\d+)(?:\s*[–-]\s*(\d+))?/g)) {
    const [whole, section, from, to] = m;
    for (const n of to === undefined ? [from] : [from, to]) {
      if (findStep(`7.${section}.${n}`) === undefined) problems.push(`${whole}: 7.${section}.${n} is not in src/ceremony/steps.ts`);
    }
    if (to !== undefined && Number(to) <= Number(from)) problems.push(`${whole}: range does not increase`);
  }
  return problems;
}

describe('the step table (src/ceremony/steps.ts)', () => {
  it('has unique ids, a text and a location for every step, and the §7 steps are consecutive', () => {
    const ids = STEPS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of STEPS) expect(s.text.length > 0 && s.where.length > 0, s.id).toBe(true);
    for (const section of ['7.1', '7.2']) {
      const numbers = ids.filter((id) => id.startsWith(`${section}.`)).map((id) => Number(id.slice(4)));
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it('every file#function it names exists', () => {
    for (const s of STEPS) {
      const m = /^(src\/[\w./-]+\.ts)#(\w+)/.exec(s.where);
      if (m === null) continue;
      const source = readFileSync(join(ROOT, m[1]!), 'utf8');
      expect(new RegExp(`(function|const|class) ${m[2]}\\b`).test(source), s.where).toBe(true);
    }
  });

  it('docs/ARCHITECTURE.md renders the current table', () => {
    expect(readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8')).toContain(`-->\n${renderStepTable()}\n<!-- step-table:end -->`);
    expect(() => execFileSync(process.execPath, [join(ROOT, 'scripts/steps-table.mjs')], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('citations agree with the table', () => {
  it('the checker catches a step that does not exist and a backwards range (negative control)', () => {
    expect(citationProblems('§7.2 step 26')).toHaveLength(1);
    expect(citationProblems('§7.1 steps 30–31')).toHaveLength(2);
    expect(citationProblems('§7.1 steps 14–12')).toEqual(['§7.1 steps 14–12: range does not increase']);
    expect(citationProblems('§7.1 step 14 / §7.2 steps 20–21')).toEqual([]);
  });

  it('every "§7.x step N" in src/**/*.ts and docs/*.md is in the table', () => {
    const sources = [...files(join(ROOT, 'src'), '.ts'), ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f))];
    const problems = sources.flatMap((path) => citationProblems(readFileSync(path, 'utf8')).map((p) => `${path.slice(ROOT.length + 1)}: ${p}`));
    expect(problems).toEqual([]);
  });
});
