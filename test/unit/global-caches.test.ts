/**
 * The process-wide caches (docs/ARCHITECTURE.md, "Global state"): each is one module with a bound
 * and a reset for tests, and none changes a verdict.
 * - rpIdHash (src/ceremony/rp-id-hash.ts): at most RP_ID_HASH_CACHE_SIZE RP IDs.
 * - imported keys (src/signature/key-cache.ts): weakly held per cacheable key object.
 * - certificates (src/x509/certificate-cache.ts): covered in test/unit/x509/certificate-cache.test.ts;
 *   here only that its reset has the common name.
 */
import nodeCryptoModule, { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareCredentialKey } from '../../src/ceremony/credential-key.js';
import { RP_ID_HASH_CACHE_SIZE, resetRpIdHashCacheForTests, rpIdHash, rpIdHashCacheSize } from '../../src/ceremony/rp-id-hash.js';
import { resetKeyCacheForTests } from '../../src/signature/key-cache.js';
import { verifySignature } from '../../src/signature/verify.js';
import { clearCertificateCache, resetCertificateCacheForTests } from '../../src/x509/certificate-cache.js';
import { createTestCredential } from '../../src/testing/index.js';

afterEach(() => {
  vi.restoreAllMocks();
  resetRpIdHashCacheForTests();
});

describe('rpIdHash cache (src/ceremony/rp-id-hash.ts)', () => {
  it('is SHA-256 of the UTF-8 RP ID, served from the cache the second time', async () => {
    resetRpIdHashCacheForTests();
    for (const rpId of ['example.com', 'bücher.example', 'login.example.com']) {
      const want = createHash('sha256').update(rpId, 'utf8').digest('hex');
      const first = await rpIdHash(rpId);
      expect(Buffer.from(first).toString('hex')).toBe(want);
      expect(await rpIdHash(rpId)).toBe(first); // the cached object
    }
    expect(rpIdHashCacheSize()).toBe(3);
  });

  it(`holds at most ${RP_ID_HASH_CACHE_SIZE} RP IDs; answers stay right past the bound`, async () => {
    resetRpIdHashCacheForTests();
    for (let i = 0; i < RP_ID_HASH_CACHE_SIZE + 10; i++) {
      const rpId = `rp${i}.example`;
      expect(Buffer.from(await rpIdHash(rpId)).toString('hex')).toBe(createHash('sha256').update(rpId).digest('hex'));
      expect(rpIdHashCacheSize()).toBeLessThanOrEqual(RP_ID_HASH_CACHE_SIZE);
    }
    resetRpIdHashCacheForTests();
    expect(rpIdHashCacheSize()).toBe(0);
  });
});

describe('imported-key cache (src/signature/key-cache.ts)', () => {
  it('resetKeyCacheForTests forgets imports: the next verification imports again, with the same verdict', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const prepared = prepareCredentialKey(credential.publicKey);
    const data = new Uint8Array([1, 2, 3]);
    const bad = new Uint8Array(72);
    const spy = vi.spyOn(nodeCryptoModule, 'createPublicKey');
    expect(await verifySignature({ key: prepared.key, signature: bad, data, backend: 'node' })).toBe(false);
    expect(await verifySignature({ key: prepared.key, signature: bad, data, backend: 'node' })).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    resetKeyCacheForTests();
    expect(await verifySignature({ key: prepared.key, signature: bad, data, backend: 'node' })).toBe(false);
    expect(spy).toHaveBeenCalledTimes(2);
  });
});

describe('certificate cache (src/x509/certificate-cache.ts)', () => {
  it('has the common reset name', () => {
    expect(resetCertificateCacheForTests).toBe(clearCertificateCache);
  });
});
