/**
 * Prepared credential keys and the CredentialKeyCache (LRU by COSE bytes) (src/ceremony/credential-key.ts,
 * src/signature/key-cache.ts; the login-path SHA-256 is in test/unit/crypto/hash.test.ts): they must change what
 * verifyAssertion costs, never what it decides.
 */
import nodeCryptoModule from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCredentialKeyCache as createFromEntry, prepareCredentialKey as prepareFromEntry, verifyAssertion, type VerifyAssertionOptions } from '../../../src/ceremony/assertion.js';
import { decodeCOSEKey } from '../../../src/cose/key.js';
import { encodeBase64url } from '../../../src/encoding/base64url.js';
import { createCredentialKeyCache, isPreparedCredentialKey, prepareCredentialKey, resolveCredentialKey } from '../../../src/ceremony/credential-key.js';
import { credentialKeyCacheInternals, isCacheable } from '../../../src/signature/key-cache.js';
import { createAssertionResponse, createTestCredential, type TestCredential } from '../../../src/testing/index.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x5a));

async function login(credential: TestCredential, publicKey: unknown, extra: Partial<VerifyAssertionOptions> = {}) {
  const response = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP });
  return verifyAssertion({
    response,
    expectedChallenge: CHALLENGE,
    expectedOrigin: ORIGIN,
    expectedRPID: RP,
    credential: { id: encodeBase64url(credential.id), publicKey: publicKey as Uint8Array, counter: 0 },
    ...extra,
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('prepareCredentialKey', () => {
  it('decodes once into a frozen, cacheable snapshot of a private copy of the bytes', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const bytes = credential.publicKey.slice();
    const prepared = prepareCredentialKey(bytes);
    expect(isPreparedCredentialKey(prepared)).toBe(true);
    expect(Object.isFrozen(prepared)).toBe(true);
    expect(Object.isFrozen(prepared.key)).toBe(true);
    expect(isCacheable(prepared.key)).toBe(true);
    expect(prepared.coseKey).toEqual(credential.publicKey);
    bytes.fill(0); // the caller's array changes later: the prepared key does not
    expect(prepared.coseKey).toEqual(credential.publicKey);
    expect((await login(credential, prepared)).userVerified).toBe(true);
  });

  it('is also exported by the light assertion entry', () => {
    expect(prepareFromEntry).toBe(prepareCredentialKey);
    expect(createFromEntry).toBe(createCredentialKeyCache);
  });

  it('refuses non-bytes (ERR_OPTIONS_INVALID) and invalid COSE keys (ERR_COSE_* / ERR_CBOR_*)', () => {
    for (const bad of [undefined, null, 'pQECAyYgASFYIA', [1, 2, 3], {}]) {
      expect(() => prepareCredentialKey(bad as never)).toThrow(expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }));
    }
    for (const bad of [new Uint8Array(0), new Uint8Array([0xa0]), new Uint8Array([0xa1, 0x01, 0x02])]) {
      let code = '';
      try {
        prepareCredentialKey(bad);
      } catch (e) {
        code = (e as { code: string }).code;
      }
      expect(code).toMatch(/^ERR_(COSE|CBOR)_/);
    }
  });

  it('a plain decoded key is not cacheable (no stale imports for caller-built key objects)', async () => {
    const credential = await createTestCredential({ alg: -7 });
    expect(isCacheable(decodeCOSEKey(credential.publicKey))).toBe(false);
  });

  it.each([
    ['ES256', -7],
    ['RS256', -257],
    ['EdDSA', -8],
  ])('%s: the backend key is imported once for many logins; a wrong signature still fails', async (_n, alg) => {
    const credential = await createTestCredential({ alg });
    const prepared = prepareCredentialKey(credential.publicKey);
    const spy = vi.spyOn(nodeCryptoModule, 'createPublicKey');
    for (let i = 0; i < 3; i++) expect((await login(credential, prepared)).newCounter).toBe(i + 1);
    expect(spy).toHaveBeenCalledTimes(1);
    // Same prepared key, another credential's signature: the cached key must still say no.
    const other = await createTestCredential({ alg });
    other.id = credential.id;
    await expect(login(other, prepared)).rejects.toMatchObject({ code: 'ERR_SIGNATURE_INVALID' });
  });

  it('stateless COSE bytes import on every call', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const spy = vi.spyOn(nodeCryptoModule, 'createPublicKey');
    for (let i = 0; i < 2; i++) await login(credential, credential.publicKey);
    expect(spy).toHaveBeenCalledTimes(2);
  });
});

describe('createCredentialKeyCache', () => {
  it('validates maxEntries', () => {
    expect(createCredentialKeyCache().maxEntries).toBe(256);
    expect(createCredentialKeyCache({ maxEntries: 1 }).maxEntries).toBe(1);
    for (const bad of [0, -1, 1.5, 65537, Number.NaN, '8']) {
      expect(() => createCredentialKeyCache({ maxEntries: bad as number })).toThrow(expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }));
    }
  });

  it('keeps the most recently used entries, evicting the least recently used', () => {
    const cache = createCredentialKeyCache({ maxEntries: 2 });
    const lru = credentialKeyCacheInternals<string>(cache)!;
    const made: string[] = [];
    const make = (b: Uint8Array) => {
      made.push(String(b[0]));
      return `v${b[0]}`;
    };
    const k = (n: number) => new Uint8Array([n, 0xff, 0x00]);
    expect(lru.get(k(1), make)).toBe('v1');
    expect(lru.get(k(2), make)).toBe('v2');
    expect(lru.get(k(1), make)).toBe('v1'); // hit: 1 becomes most recent
    expect(lru.get(k(3), make)).toBe('v3'); // evicts 2
    expect(cache.size).toBe(2);
    expect(lru.get(k(1), make)).toBe('v1');
    expect(lru.get(k(2), make)).toBe('v2'); // miss again
    expect(made).toEqual(['1', '2', '3', '2']);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('keys by the exact bytes: distinct byte strings never share an entry (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uint8Array({ maxLength: 40 }), { selector: (b) => Buffer.from(b).toString('hex'), maxLength: 20 }), (keys) => {
        const lru = credentialKeyCacheInternals<string>(createCredentialKeyCache({ maxEntries: 64 }))!;
        for (const b of keys) lru.get(b, (x) => Buffer.from(x).toString('hex'));
        for (const b of keys) expect(lru.get(b, () => 'miss')).toBe(Buffer.from(b).toString('hex'));
      }),
    );
  });

  it('verifyAssertion with a cache: decode + import once per distinct key, same verdicts', async () => {
    const cache = createCredentialKeyCache({ maxEntries: 4 });
    const a = await createTestCredential({ alg: -7 });
    const b = await createTestCredential({ alg: -8 });
    const spy = vi.spyOn(nodeCryptoModule, 'createPublicKey');
    for (let i = 0; i < 3; i++) {
      await login(a, a.publicKey.slice(), { credentialKeyCache: cache });
      await login(b, b.publicKey.slice(), { credentialKeyCache: cache });
    }
    expect(spy).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(2);
    // A cached key does not make another key's signature pass.
    const c = await createTestCredential({ alg: -7 });
    c.id = a.id;
    await expect(login(c, a.publicKey, { credentialKeyCache: cache })).rejects.toMatchObject({ code: 'ERR_SIGNATURE_INVALID' });
  });

  it('invalid key bytes throw and are not cached', async () => {
    const cache = createCredentialKeyCache();
    expect(() => resolveCredentialKey(new Uint8Array([0xa0]), cache)).toThrow(expect.objectContaining({ code: expect.stringMatching(/^ERR_(COSE|CBOR)_/) }));
    expect(cache.size).toBe(0);
  });

  it('refuses a look-alike cache object (ERR_OPTIONS_INVALID)', async () => {
    const a = await createTestCredential({ alg: -7 });
    const fake = { maxEntries: 1, size: 0, clear() {} };
    await expect(login(a, a.publicKey, { credentialKeyCache: fake as never })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    expect(() => resolveCredentialKey(a.publicKey, { ...createCredentialKeyCache() })).toThrow(expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }));
  });

  it('a prepared key ignores the cache', async () => {
    const a = await createTestCredential({ alg: -7 });
    const cache = createCredentialKeyCache();
    const prepared = prepareCredentialKey(a.publicKey);
    expect(resolveCredentialKey(prepared, cache)).toBe(prepared.key);
    expect(cache.size).toBe(0);
  });
});

