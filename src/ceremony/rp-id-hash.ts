/**
 * The rpIdHash cache: SHA-256(rpId) per RP ID (§7.1 step 14 / §7.2 step 15 compare authData's
 * rpIdHash with it). A deployment has a handful of RP IDs, so after the first ceremony the hash is
 * a map lookup.
 *
 * Global state, documented in docs/ARCHITECTURE.md ("Global state"): bounded at
 * RP_ID_HASH_CACHE_SIZE entries (all dropped when full: RP IDs come from the RP's own options, so
 * a full cache means a misconfiguration, not a workload); values are never handed out for
 * mutation (callers only compare). resetRpIdHashCacheForTests empties it.
 */
import { digest } from '../crypto/hash.js';
import { encodeUtf8 } from '../encoding/bytes.js';

/** Most RP IDs kept. */
export const RP_ID_HASH_CACHE_SIZE = 256;

const cache = new Map<string, Uint8Array>();

/** SHA-256(UTF-8(rpId)), cached. */
export async function rpIdHash(rpId: string): Promise<Uint8Array> {
  let hash = cache.get(rpId);
  if (hash === undefined) {
    hash = await digest('SHA-256', encodeUtf8(rpId));
    if (cache.size >= RP_ID_HASH_CACHE_SIZE) cache.clear();
    cache.set(rpId, hash);
  }
  return hash;
}

/** @internal Tests only: entries held. */
export function rpIdHashCacheSize(): number {
  return cache.size;
}

/** @internal Tests only (or to release memory): empties the cache. */
export function resetRpIdHashCacheForTests(): void {
  cache.clear();
}
