/**
 * Ed448 for tests on every runtime. Node's node:crypto does Ed448; Bun's (1.x) refuses Ed448 keys
 * ("Invalid JWK data" / UNSUPPORTED_ALGORITHM). Tests that need an Ed448 key pair or an oracle
 * verdict take it from @noble/curves here (independent of src/), and use node:crypto for Ed448 only
 * where `nodeHasEd448` says the runtime has it.
 */
import { createPublicKey } from 'node:crypto';
import { ed448 } from '@noble/curves/ed448.js';

export interface Ed448Pair {
  /** The 57-byte public key (RFC 8032 §5.2.5). */
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export function ed448KeyPair(): Ed448Pair {
  const { secretKey, publicKey } = ed448.keygen();
  return { publicKey, sign: (m) => ed448.sign(m, secretKey) };
}

/** Oracle verdict for an Ed448 signature (RFC 8032 §5.2.7, pure Ed448, empty context). */
export function ed448Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed448.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}

/**
 * Whether the node backend uses this runtime's node:crypto for Ed448: true on Node; false on Bun 1.x
 * (it cannot import Ed448 keys) and on Deno (its node:crypto Ed448 refuses torsion-component R that
 * OpenSSL and noble accept, so src/signature/backends/node.ts sends Ed448 to noble there).
 */
export const nodeHasEd448: boolean = (() => {
  if (typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined') return false;
  try {
    const { publicKey } = ed448.keygen();
    createPublicKey({ key: { kty: 'OKP', crv: 'Ed448', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
})();
