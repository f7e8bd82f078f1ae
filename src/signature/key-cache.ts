/**
 * Imported-key caches, so that a credential key is imported into a backend (WebCrypto CryptoKey,
 * node:crypto KeyObject) once rather than on every verification.
 *
 * 1. Per key object: a WeakMap from a COSEPublicKey object to its imported keys, one slot per
 *    backend and algorithm. Only keys that were explicitly marked cacheable are cached: the frozen
 *    snapshot inside a PreparedCredentialKey (src/ceremony/credential-key.ts) and the entries of a
 *    CredentialKeyCache below. A key object handed straight to verifySignature is never cached, so
 *    a caller who builds or changes key objects can never be answered with a stale import. Entries
 *    die with the key object (WeakMap), so this cache needs no size limit.
 * 2. By COSE bytes: CredentialKeyCache, an optional small LRU for callers that store COSE_Key bytes
 *    and pass them on every call ("stateless"). A hit skips COSE decoding, validation and import.
 *    Keyed by the exact bytes, so a hit is the same key by construction. Opt-in, bounded
 *    (default 256 entries, at most 65 536).
 *
 * Global state (docs/ARCHITECTURE.md, "Global state"): only cache 1 is process-wide. Its bound is
 * the set of live cacheable key objects (weakly held: an entry goes when its key object is
 * collected), so it needs no count limit. resetKeyCacheForTests forgets every import.
 */
import type { COSEPublicKey } from '../cose/types.js';
import { WebAuthnError } from '../errors.js';

const cacheable = new WeakSet<COSEPublicKey>();
let imported = new WeakMap<COSEPublicKey, Map<string, unknown>>();

/** Marks a key object as an immutable snapshot whose imported keys may be cached. */
export function markCacheable(key: COSEPublicKey): void {
  cacheable.add(key);
}

/** @internal Tests only: whether `key` was marked cacheable. */
export function isCacheable(key: COSEPublicKey): boolean {
  return cacheable.has(key);
}

/** @internal Tests only: forgets every cached import (the cacheable marks stay with their keys). */
export function resetKeyCacheForTests(): void {
  imported = new WeakMap();
}

/**
 * The backend key for (key, slot), made by `make` on first use and cached when the key is
 * cacheable. `slot` names backend and algorithm (e.g. "webcrypto:ES256"): one key object can be
 * imported for several algorithms only through misuse, but the slot keeps them apart regardless.
 * A promise that rejects is dropped from the cache, so a failure is not remembered.
 */
export function cachedImport<T>(key: COSEPublicKey, slot: string, make: () => T): T {
  if (!cacheable.has(key)) return make();
  let slots = imported.get(key);
  if (slots === undefined) {
    slots = new Map();
    imported.set(key, slots);
  }
  if (slots.has(slot)) return slots.get(slot) as T;
  const value = make();
  slots.set(slot, value);
  if (value instanceof Promise) {
    const s = slots;
    value.catch(() => {
      if (s.get(slot) === value) s.delete(slot);
    });
  }
  return value;
}

/** Options for createCredentialKeyCache. */
export interface CredentialKeyCacheOptions {
  /** Most entries kept (least recently used evicted first). Default 256; 1..65536. */
  readonly maxEntries?: number;
}

/** An LRU map from COSE_Key bytes to a decoded, cacheable value. Create with createCredentialKeyCache. */
export interface CredentialKeyCache {
  readonly maxEntries: number;
  /** Entries currently held. */
  readonly size: number;
  /** Drops every entry. */
  clear(): void;
}

/** Caches made by createCredentialKeyCache (a private registry: a look-alike object is refused). */
const registry = new WeakMap<object, LruInternals<unknown>>();

interface LruInternals<V> {
  get(bytes: Uint8Array, make: (bytes: Uint8Array) => V): V;
}

/** Exact-bytes key for a Map: one latin1 char per byte (COSE keys are < 1 KiB, RSA-4096 included). */
function bytesKey(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  return s;
}

/** Creates a CredentialKeyCache (pass it to verifyAssertion as `credentialKeyCache`). */
export function createCredentialKeyCache(options: CredentialKeyCacheOptions = {}): CredentialKeyCache {
  const max = options?.maxEntries ?? 256;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 65536) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid verification options', {
      option: 'credentialKeyCache.maxEntries',
      reason: 'must be an integer from 1 to 65536',
    });
  }
  const map = new Map<string, unknown>();
  const internals: LruInternals<unknown> = {
    get(bytes, make) {
      const k = bytesKey(bytes);
      if (map.has(k)) {
        const v = map.get(k);
        map.delete(k); // re-insert: Map iteration order is insertion order, so first = least recent
        map.set(k, v);
        return v;
      }
      const v = make(bytes); // throws for invalid bytes: nothing is cached then
      map.set(k, v);
      if (map.size > max) map.delete(map.keys().next().value as string);
      return v;
    },
  };
  const cache: CredentialKeyCache = Object.freeze({
    maxEntries: max,
    get size() {
      return map.size;
    },
    clear() {
      map.clear();
    },
  });
  registry.set(cache, internals);
  return cache;
}

/** The LRU behind a CredentialKeyCache, or undefined when `value` is not one. */
export function credentialKeyCacheInternals<V>(value: unknown): LruInternals<V> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return registry.get(value) as LruInternals<V> | undefined;
}
