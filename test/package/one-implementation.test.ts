/**
 * Issue 12, "one implementation per primitive": the curve sizes, the Edwards signature sizes and
 * the default algorithm list each exist once in src/, and the public alias names are the very same
 * values.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPPORTED_ALGORITHMS, DEFAULT_SUPPORTED_ALGORITHM_IDS } from '../../src/index.js';
import { CURVE_BYTES, ED_SIGNATURE_BYTES, OKP_KEY_BYTES } from '../../src/cose/curves.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
const SRC = path.join(REPO_ROOT, 'src');
const sources = files(SRC).map((f) => [path.relative(SRC, f), readFileSync(f, 'utf8')] as const);
const definers = (re: RegExp) => sources.filter(([, text]) => re.test(text)).map(([f]) => f);

describe('one implementation per primitive', () => {
  it('the curve table is src/cose/curves.ts alone', () => {
    expect(CURVE_BYTES).toEqual({ 'P-256': 32, 'P-384': 48, 'P-521': 66 });
    expect(ED_SIGNATURE_BYTES).toEqual({ Ed25519: 64, Ed448: 114 });
    expect(OKP_KEY_BYTES).toEqual({ Ed25519: 32, Ed448: 57 });
    expect(definers(/'P-521'\s*:\s*66/)).toEqual([]); // no size map anywhere else
    expect(definers(/bytes:\s*66/)).toEqual(['cose/curves.ts']);
    expect(definers(/Ed448\s*:\s*114/)).toEqual(['cose/curves.ts']);
    expect(definers(/function isOnCurve/)).toEqual(['cose/curves.ts']);
  });

  it('the default algorithms: one array, two documented names', () => {
    expect(DEFAULT_SUPPORTED_ALGORITHM_IDS).toBe(DEFAULT_SUPPORTED_ALGORITHMS);
    expect(DEFAULT_SUPPORTED_ALGORITHMS).toEqual([-8, -7, -257]);
    expect(Object.isFrozen(DEFAULT_SUPPORTED_ALGORITHMS)).toBe(true);
    expect(definers(/Object\.freeze\(\[-8, -7, -257\]\)/)).toEqual(['cose/default-algorithms.ts']);
  });

  it('one RSA modulus floor', () => {
    expect(definers(/MODULUS_BITS\s*=\s*2048/)).toEqual(['cose/key.ts']);
  });
});
