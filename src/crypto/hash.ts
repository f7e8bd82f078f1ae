/**
 * The hash module: `digest(name, data)`, async and platform first. node:crypto's OpenSSL hash where
 * the runtime has the builtin (./builtin.ts), else WebCrypto's `crypto.subtle.digest`. Only a
 * runtime with neither (an insecure browser context, say) loads @noble/hashes, lazily. The
 * ceremonies are async anyway, so this is what they use (clientDataJSON, §7.2 step 20; the RP ID,
 * §7.1 step 14 / §7.2 step 15).
 *
 * Its synchronous half is ./hash-sync.ts (@noble/hashes), for the few places that must stay
 * synchronous (X.509 fingerprints in the sync certificate parser, TPM structure digests). It is a
 * separate file for one reason: this file is on the login path, and the login entry statically
 * imports no third-party package (test/package/entry-points.test.ts, docs/performance.md).
 *
 * SHA-1 exists only for legacy formats (RS1 / TPM nameAlg / fido-u2f certificates). Nothing here is
 * a hand-written primitive: OpenSSL, the platform's WebCrypto or the audited @noble/hashes.
 */
import { WebAuthnError } from '../errors.js';
import { nodeCrypto } from './builtin.js';

export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const NODE_NAMES: Readonly<Record<HashName, string>> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** Throws ERR_OPTIONS_INVALID unless `name` is one of the four hash names. */
export function checkHashName(name: HashName): void {
  if (typeof name !== 'string' || !Object.hasOwn(NODE_NAMES, name)) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Unknown hash algorithm', {
      option: 'hash',
      expected: Object.keys(NODE_NAMES),
      received: String(name),
    });
  }
}

/**
 * `await digest('SHA-256', data)`, platform first (see above). An unknown name is a caller bug
 * (ERR_OPTIONS_INVALID, thrown synchronously).
 */
export function digest(name: HashName, data: Uint8Array): Promise<Uint8Array> {
  checkHashName(name);
  const node = nodeCrypto();
  if (node !== undefined) return Promise.resolve(new Uint8Array(node.createHash(NODE_NAMES[name]).update(data).digest()));
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (subtle !== undefined) return subtle.digest(name, new Uint8Array(data)).then((buffer) => new Uint8Array(buffer));
  return portableDigest(name, data);
}

/** No node:crypto and no crypto.subtle: @noble/hashes, loaded only now (lazy chunk). */
async function portableDigest(name: HashName, data: Uint8Array): Promise<Uint8Array> {
  if (name === 'SHA-1') return (await import('@noble/hashes/legacy.js')).sha1(data);
  const sha2 = await import('@noble/hashes/sha2.js');
  return name === 'SHA-256' ? sha2.sha256(data) : name === 'SHA-384' ? sha2.sha384(data) : sha2.sha512(data);
}
