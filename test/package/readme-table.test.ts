/** The README's formats/algorithms tables must list exactly what the code implements. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_ATTESTATION_FORMATS } from '../../src/attestation/formats.js';
import { COSE_ALGORITHMS } from '../../src/cose/algorithms.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

describe('README formats and algorithms table', () => {
  it('lists exactly the implemented attestation formats, each with a §8 link', () => {
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| \[§8\.\d\]\(https:\/\/w3c\.github\.io\/webauthn\/#sctn-[a-z0-9-]+\)/gm)].map((m) => m[1]);
    expect([...rows].sort()).toEqual([...SUPPORTED_ATTESTATION_FORMATS].sort());
  });
  it('lists exactly the implemented COSE algorithms with their names and a spec link', () => {
    const rows = [...readme.matchAll(/^\| (-\d+) \| ([A-Za-z0-9-]+) \| \[[^\]]+\]\(https:[^)]+\)/gm)].map((m) => [Number(m[1]), m[2]] as const);
    const expected = Object.values(COSE_ALGORITHMS).map((a) => [a.id, a.name] as const);
    expect([...rows].sort((a, b) => a[0] - b[0])).toEqual([...expected].sort((a, b) => a[0] - b[0]));
  });
});
