/**
 * The one hash module (src/crypto/hash.ts): `digest` is platform first (node:crypto, else
 * WebCrypto, else @noble/hashes loaded lazily) and every path gives the FIPS 180-4 answer;
 * `digestSync` and the sha* helpers are @noble/hashes. No hand-written SHA-2 remains in src/.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { digest, type HashName } from '../../../src/crypto/hash.js';
import { digestSync } from '../../../src/crypto/hash-sync.js';
import { REPO_ROOT } from '../../helpers/fixtures.js';

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const enc = (s: string) => new TextEncoder().encode(s);
const NAMES: HashName[] = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
const nodeName = (n: HashName) => n.replace('-', '').toLowerCase();

// FIPS 180-4 / NIST CSRC examples for SHA-256.
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const TWO_BLOCKS = '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Loads a fresh copy of the hash module with `process.getBuiltinModule` (and maybe crypto.subtle) hidden. */
async function withoutPlatform(hideSubtle: boolean): Promise<typeof import('../../../src/crypto/hash.js')> {
  vi.resetModules();
  vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
  if (hideSubtle) vi.stubGlobal('crypto', {});
  return import('../../../src/crypto/hash.js');
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('digest (async, platform first)', () => {
  it('FIPS 180-4 SHA-256 examples on node:crypto', async () => {
    expect(hexOf(await digest('SHA-256', enc('abc')))).toBe(ABC);
    expect(hexOf(await digest('SHA-256', enc('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(TWO_BLOCKS);
    expect(hexOf(await digest('SHA-256', new Uint8Array(0)))).toBe(EMPTY);
  });

  it('every path (node:crypto, WebCrypto, @noble/hashes) and digestSync agree with OpenSSL around the block boundaries', async () => {
    const webCrypto = await withoutPlatform(false);
    const portable = await withoutPlatform(true);
    for (const name of NAMES) {
      for (const n of [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 300]) {
        const d = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
        const want = createHash(nodeName(name)).update(d).digest('hex');
        expect(hexOf(await digest(name, d))).toBe(want);
        expect(hexOf(await webCrypto.digest(name, d))).toBe(want);
        expect(hexOf(await portable.digest(name, d))).toBe(want);
        expect(hexOf(digestSync(name, d))).toBe(want);
      }
    }
  });

  it('without node:crypto it asks crypto.subtle; without both it still hashes (lazy @noble/hashes)', async () => {
    const m = await withoutPlatform(false);
    const spy = vi.spyOn(globalThis.crypto.subtle, 'digest');
    expect(hexOf(await m.digest('SHA-256', enc('abc')))).toBe(ABC);
    expect(spy).toHaveBeenCalledTimes(1);
    const p = await withoutPlatform(true);
    expect(hexOf(await p.digest('SHA-256', enc('abc')))).toBe(ABC);
  });

  it('returns a plain Uint8Array and does not modify its input (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 500 }), async (d) => {
        const copy = Uint8Array.from(d);
        const h = await digest('SHA-256', d);
        expect(Object.getPrototypeOf(h)).toBe(Uint8Array.prototype);
        expect(hexOf(h)).toBe(createHash('sha256').update(d).digest('hex'));
        expect(d).toEqual(copy);
      }),
      { numRuns: 100 },
    );
  });

  it('an unknown hash name is ERR_OPTIONS_INVALID, not a TypeError (both forms)', () => {
    for (const bad of ['MD5', 'sha256', 'toString', '__proto__', 42] as never[]) {
      expect(() => digest(bad, new Uint8Array(1))).toThrow(expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }));
      expect(() => digestSync(bad, new Uint8Array(1))).toThrow(expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }));
    }
  });
});

describe('no hand-written primitives in src/ (issue 12)', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });
  const src = files(path.join(REPO_ROOT, 'src')).map((f) => readFileSync(f, 'utf8'));

  it('no SHA-2 round constants and no RSA os2ip in src/', () => {
    for (const text of src) {
      expect(text.toLowerCase()).not.toContain('0x428a2f98'); // SHA-256 K[0]
      expect(text.toLowerCase()).not.toContain('0x6a09e667'); // SHA-256 H0[0]
      expect(text).not.toMatch(/function os2ip/i);
    }
  });
});
