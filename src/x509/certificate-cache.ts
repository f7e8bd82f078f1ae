/**
 * A bounded cache of parsed certificates, keyed by their exact DER bytes, and of certificate
 * signature verdicts between cached certificates. Attestation certificates repeat: a packed or
 * fido-u2f batch certificate is shared by at least 100,000 authenticators (WebAuthn L3 §8.2.1
 * note; FIDO batch attestation), intermediates and roots by whole product lines, and the RP's trust
 * anchors are the same on every call. A hit costs a string key and a map lookup instead of a parse,
 * a SHA-256 and signature checks.
 *
 * Correctness:
 * - The key is the whole DER (as a binary string), not a hash of it: two different certificates
 *   never share an entry.
 * - Only successful parses are cached; a malformed certificate is re-parsed (and re-rejected) on
 *   every call, so its error is always fresh.
 * - A hit is re-checked against the entry's own `der` before use; should code holding a cached
 *   ParsedCertificate have modified its bytes, the entry is dropped and the input parsed anew.
 * - Signature verdicts depend only on the two certificates (not on time or options), so they are
 *   remembered per (subject, issuer) pair of cached objects. Validity dates, CA flags, path length,
 *   key usage and critical extensions are evaluated on every call by src/x509/path.ts.
 * - Both caches are bounded (LRU), so a stream of unique certificates (android-key and TPM leaf
 *   certificates are per-device) only cycles the entries.
 *
 * Global state (docs/ARCHITECTURE.md, "Global state"): bounded by CERTIFICATE_CACHE_SIZE parsed
 * certificates (verdict maps are weakly keyed by them, at most 16 issuers each);
 * resetCertificateCacheForTests (= clearCertificateCache) empties both.
 *
 * The public parseCertificate/parseTrustAnchors return fresh objects; only the attestation
 * pipeline reads through this cache. Objects from it are shared and must be treated as read-only
 * (their types say `readonly`); registration results carry copies of the DER (src/ceremony/registration.ts).
 */
import { equalBytes } from '../encoding/bytes.js';
import { parseCertificate, type ParsedCertificate } from './certificate.js';

/** Certificates kept. Anchors + a few product lines' chains fit; ~1.5 KiB DER each plus parse state. */
export const CERTIFICATE_CACHE_SIZE = 128;

const parsed = new Map<string, ParsedCertificate>();
/** Objects this cache produced: verdicts are remembered only between two of them. */
const owned = new WeakSet<ParsedCertificate>();
let verdicts = new WeakMap<ParsedCertificate, Map<ParsedCertificate, boolean>>();

function keyOf(der: Uint8Array): string {
  let s = '';
  for (let i = 0; i < der.length; i += 8192) s += String.fromCharCode.apply(null, der.subarray(i, i + 8192) as unknown as number[]);
  return s;
}

/** parseCertificate through the cache: the same result (or the same error) as parseCertificate(der). */
export function parseCertificateCached(der: Uint8Array): ParsedCertificate {
  if (!(der instanceof Uint8Array)) return parseCertificate(der);
  const key = keyOf(der);
  const hit = parsed.get(key);
  if (hit !== undefined) {
    parsed.delete(key);
    if (equalBytes(hit.der, der)) {
      parsed.set(key, hit); // most recently used
      return hit;
    }
  }
  const fresh = parseCertificate(der);
  owned.add(fresh);
  parsed.set(key, fresh);
  if (parsed.size > CERTIFICATE_CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
  return fresh;
}

/** A remembered verdict for `cert` signed by `issuer`, or undefined. */
export function cachedSignatureVerdict(cert: ParsedCertificate, issuer: ParsedCertificate): boolean | undefined {
  return verdicts.get(cert)?.get(issuer);
}

/** Remembers a verdict between two certificates of this cache (others, e.g. from the public parseCertificate, are not). */
export function rememberSignatureVerdict(cert: ParsedCertificate, issuer: ParsedCertificate, ok: boolean): void {
  if (!owned.has(cert) || !owned.has(issuer)) return;
  let m = verdicts.get(cert);
  if (m === undefined) verdicts.set(cert, (m = new Map()));
  if (m.size >= 16) m.clear(); // a certificate is checked against very few issuers
  m.set(issuer, ok);
}

/** @internal Tests only: number of parsed certificates held. */
export function certificateCacheSize(): number {
  return parsed.size;
}

/** @internal Empties both caches (tests; or to release memory). Not exported by any entry point. */
export function clearCertificateCache(): void {
  parsed.clear();
  verdicts = new WeakMap();
}

/** The reset every global cache has under this name (docs/ARCHITECTURE.md, "Global state"). */
export const resetCertificateCacheForTests = clearCertificateCache;
