/**
 * Synchronous hash helpers (@noble/hashes). WebAuthn hashes small inputs (clientDataJSON, rpId,
 * attToBeSigned), where a sync pure-JS hash beats an awaited crypto.subtle.digest round trip.
 * SHA-1 exists only for legacy formats (RS1 / TPM nameAlg / fido-u2f certificates).
 */
import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256, sha384 as nobleSha384, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { WebAuthnError } from '../errors.js';

export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

export function sha384(data: Uint8Array): Uint8Array {
  return nobleSha384(data);
}

export function sha512(data: Uint8Array): Uint8Array {
  return nobleSha512(data);
}

export function sha1(data: Uint8Array): Uint8Array {
  return nobleSha1(data);
}

const HASHES: Readonly<Record<HashName, (data: Uint8Array) => Uint8Array>> = Object.freeze({
  'SHA-1': sha1,
  'SHA-256': sha256,
  'SHA-384': sha384,
  'SHA-512': sha512,
});

/** Digest lengths in bytes. */
export const HASH_LENGTHS: Readonly<Record<HashName, number>> = Object.freeze({
  'SHA-1': 20,
  'SHA-256': 32,
  'SHA-384': 48,
  'SHA-512': 64,
});

/** `digest('SHA-256', data)`; an unknown name is a caller bug (ERR_OPTIONS_INVALID). */
export function digest(name: HashName, data: Uint8Array): Uint8Array {
  const fn = Object.hasOwn(HASHES, name) ? HASHES[name] : undefined;
  if (fn === undefined) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Unknown hash algorithm', {
      option: 'hash',
      expected: Object.keys(HASHES),
      received: name,
    });
  }
  return fn(data);
}
