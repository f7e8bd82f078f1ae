/**
 * Signature verification dispatch: one verdict function for every COSE algorithm.
 *
 * `verifySignature` returns a VERDICT. A bad, malformed, wrong-length or non-canonical signature is
 * `false`, never an exception; the pipeline turns `false` into ERR_SIGNATURE_INVALID (§7.1 step 22 /
 * §7.2 step 21, and each §8 attestation format's signature check). It throws a WebAuthnError only
 * for misuse:
 * - ERR_COSE_ALG_UNSUPPORTED: no alg (neither given nor on the key) or an unknown one;
 * - ERR_COSE_ALG_MISMATCH: alg of another key type/curve, or differing from the key's own alg;
 * - ERR_SIGNATURE_ALG_UNAVAILABLE: the chosen backend cannot do this algorithm at all;
 * - ERR_OPTIONS_INVALID: wrong argument types or an unknown backend name.
 *
 * Backends:
 * - 'webcrypto' (default): crypto.subtle. For algorithms the runtime's WebCrypto lacks (ML-DSA
 *   everywhere today; Ed448 or Ed25519 on some runtimes; no crypto.subtle at all) it falls back to
 *   the pure-JS backend, which gives the same verdicts (test/differential/signature-backends.test.ts and the
 *   Wycheproof corpus on both backends).
 * - 'noble': pure JS, no WebCrypto: @noble/curves (ECDSA, EdDSA), @noble/post-quantum (ML-DSA) and
 *   our BigInt RSA (src/signature/rsa.ts, RFC 8017).
 * - 'node': node:crypto `verify` with a KeyObject (src/signature/backends/node.ts), synchronous and the
 *   fastest on Node. What the runtime's node:crypto lacks (ML-DSA; Ed448 on Bun; curve-unbound
 *   ECDSA on Deno) falls back to noble (nodeCryptoSupports). ERR_SIGNATURE_ALG_UNAVAILABLE where the
 *   runtime has no node:crypto builtin at all (see the backend file for how it is found).
 * When `backend` is not given, 'node' is used where node:crypto exists and 'webcrypto' elsewhere.
 *
 * Imported keys (CryptoKey / KeyObject) are cached per key object only for keys marked cacheable
 * (prepared credential keys, src/signature/key-cache.ts); any other key is imported per call.
 *
 * Thread pool (node backend): decided here, from this layer's own count of node verifications in
 * flight (see verifyOnNode), for every caller alike: assertions, registrations, certificate paths
 * and direct verifySignature calls. No ceremony tells the signature layer anything.
 */
import { resolveAlgorithm, type COSEAlgorithm } from '../cose/algorithms.js';
import { importKeyFor } from '../cose/import-key.js';
import type { COSEPublicKey } from '../cose/types.js';
import { isWebAuthnError, WebAuthnError } from '../errors.js';
import {
  importNodeKey,
  nodeCrypto,
  nodeCryptoSupports,
  verifyNodeCrypto,
  verifyNodeCryptoAsync,
  type NodeKeyObject,
} from './backends/node.js';
import { canonicalEcdsaDer, ecdsaDerForm } from './der.js';
import { cachedImport } from './key-cache.js';
import { nobleSupports, verifyNoble } from './backends/noble.js';
import { verifyWebCrypto } from './backends/webcrypto.js';

export type SignatureBackend = 'webcrypto' | 'noble' | 'node';

export interface VerifySignatureInput {
  /** A validated key (decodeCOSEKey, or the X.509 module for certificate keys). */
  key: COSEPublicKey;
  /** COSE alg id; defaults to `key.alg` (required for certificate keys, whose alg is undefined). */
  alg?: number;
  /** The signature as WebAuthn carries it (DER for ECDSA). */
  signature: Uint8Array;
  /** The signed bytes (e.g. authData ‖ SHA-256(clientDataJSON), §7.2 step 21). */
  data: Uint8Array;
  backend?: SignatureBackend;
  /**
   * ECDSA signatures in a recoverable non-canonical DER form (canonicalEcdsaDer): 'verdict'
   * (default) gives `false` like any other malformed signature; 'refuse' throws
   * ERR_SIGNATURE_NON_CANONICAL_DER so the RP can find it in its logs; 'normalize' verifies the
   * canonical re-encoding (the ceremonies' `allowNonCanonicalSignatures: true`).
   */
  nonCanonicalDer?: NonCanonicalDerPolicy;
}

export type NonCanonicalDerPolicy = 'verdict' | 'refuse' | 'normalize';

/** Algorithm ids (per runtime) whose WebCrypto import said NotSupported: go straight to noble. */
const webCryptoMissing = new Set<number>();

function checkInput(input: VerifySignatureInput): void {
  if (typeof input !== 'object' || input === null) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'verifySignature input must be an object', { option: 'input', received: typeof input });
  }
  if (!(input.signature instanceof Uint8Array) || !(input.data instanceof Uint8Array)) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'signature and data must be Uint8Array', {
      option: 'signature/data',
      received: { signature: typeof input.signature, data: typeof input.data },
    });
  }
  if (typeof input.key !== 'object' || input.key === null) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'key must be a COSEPublicKey', { option: 'key', received: typeof input.key });
  }
  if (input.nonCanonicalDer !== undefined && input.nonCanonicalDer !== 'verdict' && input.nonCanonicalDer !== 'refuse' && input.nonCanonicalDer !== 'normalize') {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Unknown non-canonical DER policy', {
      option: 'nonCanonicalDer',
      expected: ['verdict', 'refuse', 'normalize'],
      received: String(input.nonCanonicalDer),
    });
  }
  if (input.backend !== undefined && input.backend !== 'webcrypto' && input.backend !== 'noble' && input.backend !== 'node') {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Unknown signature backend', {
      option: 'backend',
      expected: ['webcrypto', 'noble', 'node'],
      received: input.backend,
    });
  }
}

export async function verifySignature(input: VerifySignatureInput): Promise<boolean> {
  checkInput(input);
  const info = resolveAlgorithm(input.key, input.alg);
  const signature = applyDerPolicy(info, input.signature, input.nonCanonicalDer ?? 'verdict');
  return verifyWithAlgorithm(input.key, info, signature, input.data, input.backend);
}

/**
 * The one place non-canonical ECDSA DER is decided (issue 16; SEC 1 §C.5 / X.690 §10 require DER):
 * every backend then sees either the signature as given or its canonical re-encoding. Non-ECDSA
 * signatures and encodings that are not recoverable pass through unchanged (their verdict is false).
 */
export function applyDerPolicy(info: COSEAlgorithm, signature: Uint8Array, policy: NonCanonicalDerPolicy): Uint8Array {
  if (info.family !== 'ECDSA' || policy === 'verdict' || ecdsaDerForm(signature) !== 'recoverable') return signature;
  if (policy === 'normalize') return canonicalEcdsaDer(signature)!;
  throw new WebAuthnError('ERR_SIGNATURE_NON_CANONICAL_DER', 'ECDSA signature is BER with non-minimal lengths or zero-padded integers, not DER', {
    alg: info.id,
    reason: 'set allowNonCanonicalSignatures to accept this encoding',
  });
}

/**
 * The same verdict for an algorithm already resolved against the key (internal: X.509 certificate
 * signatures pass ECDSA with a hash COSE does not bind to the curve, see ecdsaWithHash).
 */
export function verifyWithAlgorithm(
  key: COSEPublicKey,
  info: COSEAlgorithm,
  signature: Uint8Array,
  data: Uint8Array,
  backend?: SignatureBackend,
): boolean | Promise<boolean> {
  if (backend === 'noble') return verifyNoble(key, info, signature, data);
  if (backend === 'node' || (backend === undefined && nodeCrypto() !== undefined)) {
    return verifyWithNodeOrFallback(key, info, signature, data);
  }
  return verifyWithWebCryptoOrFallback(key, info, signature, data);
}

function verifyWithNodeOrFallback(key: COSEPublicKey, info: COSEAlgorithm, signature: Uint8Array, data: Uint8Array): boolean | Promise<boolean> {
  // ML-DSA (not in Node 20's OpenSSL) and Ed448 where node:crypto lacks it (Bun): the noble
  // backend gives the verdict, as it does behind WebCrypto.
  if (nodeCrypto() !== undefined && !nodeCryptoSupports(info, key) && nobleSupports(info)) return verifyNoble(key, info, signature, data);
  let keyObject: NodeKeyObject;
  try {
    keyObject = cachedImport(key, `node:${info.name}`, () => importNodeKey(key, info));
  } catch (e) {
    // A validated key that OpenSSL still refuses cannot verify any signature: `false`, as the
    // WebCrypto and noble backends give for the same key.
    if (isWebAuthnError(e) && e.code === 'ERR_COSE_KEY_INVALID') return false;
    throw e;
  }
  return verifyOnNode(keyObject, key, info, signature, data);
}

// Node verifications in flight: started and not yet handed back to their caller. A verification
// counts from its start until one microtask after its verdict, so verifications started in the same
// burst of concurrent work (e.g. Promise.all over eight logins) see each other, and while any sits on
// the thread pool, the next one joins it. Bounded by the caller's concurrency; back to 0 when idle.
let nodeInFlight = 0;

/**
 * Alone: synchronous OpenSSL inline (fastest, no thread hop). Overlapping others: libuv's thread
 * pool (several cores, event loop free). Same verdict either way (test/unit/signature/node-backend.test.ts).
 */
async function verifyOnNode(keyObject: NodeKeyObject, key: COSEPublicKey, info: COSEAlgorithm, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  nodeInFlight++;
  try {
    if (nodeInFlight > 1) return await verifyNodeCryptoAsync(keyObject, key, info, signature, data);
    const verdict = verifyNodeCrypto(keyObject, key, info, signature, data);
    await undefined; // stay counted for one microtask: a verification that starts in it overlaps this one
    return verdict;
  } finally {
    nodeInFlight--;
  }
}

/** @internal Tests only: node verifications in flight (0 when idle). */
export function nodeVerificationsInFlight(): number {
  return nodeInFlight;
}

async function verifyWithWebCryptoOrFallback(
  key: COSEPublicKey,
  info: COSEAlgorithm,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  if (webCryptoMissing.has(info.id) && nobleSupports(info)) return verifyNoble(key, info, signature, data);
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await cachedImport(key, `webcrypto:${info.name}`, () => importKeyFor(key, info));
  } catch (e) {
    if (isWebAuthnError(e) && e.code === 'ERR_SIGNATURE_ALG_UNAVAILABLE' && nobleSupports(info)) {
      webCryptoMissing.add(info.id);
      return verifyNoble(key, info, signature, data);
    }
    // A validated key that WebCrypto still refuses (e.g. an Ed25519 x that is not a point) cannot
    // verify any signature: that is a `false` verdict, as noble gives for the same key.
    if (isWebAuthnError(e) && e.code === 'ERR_COSE_KEY_INVALID') return false;
    throw e;
  }
  return verifyWebCrypto(cryptoKey, key, info, signature, data);
}
