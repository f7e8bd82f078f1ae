/**
 * Fault knobs shared by both ceremonies of the software authenticator, and the small helpers that
 * apply them. Each fault is deliberate and documented; with no faults the output is a correct
 * WebAuthn L3 response.
 */
import { concat } from '../encoding/bytes.js';
import type { ClientDataFaults } from './client-data.js';
import { signWebAuthn, algFromKey, type TestPrivateKey } from './credential.js';

export interface CommonFaults extends ClientDataFaults {
  /** Replaces authenticatorData.rpIdHash (32 bytes expected, any length is written as given). */
  rpIdHash?: Uint8Array;
  /** Overrides the whole flags byte, including the RFU bits (takes precedence over `flags`). */
  rawFlags?: number;
  /** Edits authenticatorData BEFORE signing: the signature stays valid over the edited bytes. */
  mutateAuthData?: (authData: Uint8Array) => Uint8Array;
  /** Appended to authenticatorData before signing (signature valid over them): tests "leftover bytes". */
  trailingAuthDataBytes?: Uint8Array;
  /** Edits authenticatorData AFTER signing: the signature no longer covers what is sent. */
  mutateAuthDataAfterSigning?: (authData: Uint8Array) => Uint8Array;
  /** Flips the lowest bit of the last signature byte after signing. */
  corruptSignature?: boolean;
  /** Signs with this key instead of the right one (alg taken from the key). */
  signWith?: TestPrivateKey;
  /** Overrides the JSON `id` (base64url text written as given). */
  responseId?: string;
  /** Overrides the JSON `rawId` (base64url text written as given). */
  rawId?: string;
}

/** authData after the pre-signing faults (mutateAuthData, trailingAuthDataBytes). */
export function applyPreSigningAuthDataFaults(authData: Uint8Array, faults: CommonFaults): Uint8Array {
  let out = authData;
  if (faults.trailingAuthDataBytes) out = concat(out, faults.trailingAuthDataBytes);
  if (faults.mutateAuthData) out = faults.mutateAuthData(new Uint8Array(out));
  return out;
}

/** authData after the post-signing fault. */
export function applyPostSigningAuthDataFaults(authData: Uint8Array, faults: CommonFaults): Uint8Array {
  return faults.mutateAuthDataAfterSigning ? faults.mutateAuthDataAfterSigning(new Uint8Array(authData)) : authData;
}

/** Signs `data` with `key`/`alg`, honouring `signWith` and `corruptSignature`. */
export async function signWithFaults(
  key: TestPrivateKey,
  alg: number,
  data: Uint8Array,
  faults: CommonFaults,
): Promise<Uint8Array> {
  const sig = faults.signWith
    ? await signWebAuthn(faults.signWith, algFromKey(faults.signWith), data)
    : await signWebAuthn(key, alg, data);
  if (faults.corruptSignature && sig.length > 0) sig[sig.length - 1]! ^= 0x01;
  return sig;
}
