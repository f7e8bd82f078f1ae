/**
 * Credential public keys as verifyAssertion receives them: COSE_Key bytes (decoded and validated on
 * every call, unless a CredentialKeyCache is given) or a key prepared once with prepareCredentialKey
 * (decoded and validated once; the signature backends cache their imported CryptoKey / KeyObject per
 * prepared key, src/signature/key-cache.ts). See docs/performance.md for what each costs.
 */
import { decodeCOSEKey } from '../cose/key.js';
import type { COSEPublicKey } from '../cose/types.js';
import { isBytes } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { credentialKeyCacheInternals, markCacheable } from '../signature/key-cache.js';

export { createCredentialKeyCache, type CredentialKeyCache, type CredentialKeyCacheOptions } from '../signature/key-cache.js';

const PREPARED = Symbol.for('webauthn-verify.prepared-key');

/** A decoded, validated credential public key, reusable across calls. Create with prepareCredentialKey. */
export interface PreparedCredentialKey {
  readonly [PREPARED]: true;
  readonly key: COSEPublicKey;
  /** The COSE_Key bytes it was prepared from (a copy). */
  readonly coseKey: Uint8Array;
}

export type CredentialPublicKeyInput = Uint8Array | PreparedCredentialKey;

/** Decodes and validates COSE_Key bytes once, for reuse across verifyAssertion calls. */
export function prepareCredentialKey(coseKey: Uint8Array): PreparedCredentialKey {
  if (!isBytes(coseKey)) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid verification options', { option: 'credential.publicKey', reason: 'must be COSE_Key bytes' });
  }
  const copy = new Uint8Array(coseKey);
  return Object.freeze({ [PREPARED]: true as const, key: snapshotKey(copy), coseKey: copy });
}

/**
 * Decodes a private copy of the bytes into a frozen key that the signature backends may cache
 * imports for. The copy matters: the caller's array can change later, the snapshot cannot.
 */
function snapshotKey(bytes: Uint8Array): COSEPublicKey {
  const key = decodeCOSEKey(new Uint8Array(bytes));
  markCacheable(key);
  return key;
}

export function isPreparedCredentialKey(value: unknown): value is PreparedCredentialKey {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PREPARED] === true;
}

/**
 * The validated key for a credential record's publicKey (bytes or prepared). With a
 * CredentialKeyCache (createCredentialKeyCache), bytes seen before resolve to the same cached key.
 */
export function resolveCredentialKey(input: unknown, cache?: unknown): COSEPublicKey {
  if (isPreparedCredentialKey(input)) return input.key;
  if (cache !== undefined) {
    const lru = credentialKeyCacheInternals<COSEPublicKey>(cache);
    if (lru === undefined) {
      throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid verification options', {
        option: 'credentialKeyCache',
        reason: 'must come from createCredentialKeyCache',
      });
    }
    if (isBytes(input)) return lru.get(input, snapshotKey);
  }
  if (isBytes(input)) return decodeCOSEKey(input);
  throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid verification options', {
    option: 'credential.publicKey',
    reason: 'must be COSE_Key bytes or a prepared key',
  });
}
