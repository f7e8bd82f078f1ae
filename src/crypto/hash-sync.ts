/**
 * The synchronous half of the hash module (./hash.ts has the platform-first async `digest`):
 * @noble/hashes, for the few places that must stay synchronous (X.509 fingerprints in the sync
 * certificate parser, TPM structure digests, attestation helpers, the CLI). Each is a plain
 * function export, so a bundle carries only the ones it calls.
 */
import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256, sha384 as nobleSha384, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { checkHashName, type HashName } from './hash.js';

export type { HashName } from './hash.js';

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

/** Synchronous `digestSync('SHA-256', data)` (@noble/hashes); an unknown name is ERR_OPTIONS_INVALID. */
export function digestSync(name: HashName, data: Uint8Array): Uint8Array {
  checkHashName(name);
  switch (name) {
    case 'SHA-1':
      return sha1(data);
    case 'SHA-256':
      return sha256(data);
    case 'SHA-384':
      return sha384(data);
    case 'SHA-512':
      return sha512(data);
  }
}
