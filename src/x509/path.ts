/**
 * Certification path validation (RFC 5280 §6.1) for the attestation profile: no policies, no
 * name constraints, no revocation (WebAuthn leaves revocation to the RP's metadata handling).
 * Written by us so each failure has its own code; the checks of one path are in path-checks.ts,
 * signatures go through src/x509/signature.ts. docs/security.md "X.509 path validation" lists
 * which §6.1 steps we implement and which not.
 *
 * Input: the x5c chain, leaf first, and the configured anchors. A candidate path is an x5c prefix
 * plus one configured anchor (§6.1.1 d: an anchor is a name and a key) that either
 * - IS the next x5c certificate: byte-identical to it (at any position, the leaf included: a
 *   self-signed attestation certificate configured as its own anchor), or with its subject and
 *   SubjectPublicKeyInfo (a re-issued root; never for x5c[0], whose own content — key, extensions,
 *   nonce — the statement relies on, so it is never replaced by an anchor's); or
 * - issued the last x5c certificate (its subject is that certificate's issuer).
 * The chain is valid if some candidate path passes every check; the first failure in preference
 * order (shorter prefix first; among anchors, one valid at `now` first, then byte-identical, then
 * configuration order) is reported otherwise. x5c certificates after the anchor are not used.
 */
import { WebAuthnError } from '../errors.js';
import { equalBytes } from '../encoding/bytes.js';
import { OID_BASIC_CONSTRAINTS, OID_KEY_USAGE, sameCertificate, type ParsedCertificate } from './certificate.js';
import { checkCriticalExtensions, checkPath } from './path-checks.js';

/** Longest x5c we process (leaf + intermediates [+ root]); real attestation chains have 1–4. */
export const MAX_CHAIN_LENGTH = 8;

/**
 * Critical extensions this module understands (RFC 5280 §4.2: an unrecognised critical extension
 * makes the certificate invalid). extKeyUsage and subjectAltName carry no path semantics here;
 * format verifiers that use them check them. certificatePolicies: we validate with
 * user-initial-policy-set = {anyPolicy} and initial-explicit-policy = false (RFC 5280 §6.1.1 c, f),
 * where policies cannot make a path invalid, so a critical one is accepted (Windows TPM AIK
 * certificates mark it critical). nameConstraints, policyConstraints and inhibitAnyPolicy CAN
 * invalidate a path and are not processed, so a critical one is refused.
 */
export const KNOWN_CRITICAL_EXTENSIONS: readonly string[] = Object.freeze([
  OID_BASIC_CONSTRAINTS,
  OID_KEY_USAGE,
  '2.5.29.37', // extKeyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.32', // certificatePolicies
]);

export interface PathValidationOptions {
  /** More critical-extension OIDs that the caller (a format verifier) checks itself. */
  readonly extraCriticalExtensions?: readonly string[];
  /** Verify recoverable non-canonical ECDSA signatures in DER form (issue 16); default: ERR_SIGNATURE_NON_CANONICAL_DER. */
  readonly allowNonCanonicalSignatures?: boolean;
}

interface Candidate {
  /** How many x5c certificates the path uses (the anchor stands in for chain[position], if any). */
  readonly position: number;
  readonly anchor: ParsedCertificate;
}

export async function validateCertificatePath(
  chain: readonly ParsedCertificate[],
  anchors: readonly ParsedCertificate[],
  now: Date,
  options: PathValidationOptions = {},
): Promise<{ anchor: ParsedCertificate }> {
  checkChainLength(chain);
  const known = knownCritical(options);
  let firstFailure: WebAuthnError | undefined;
  for (const { position, anchor } of anchorCandidates(chain, anchors, now)) {
    try {
      await checkPath(chain.slice(0, position), anchor, now, known, options.allowNonCanonicalSignatures === true);
      // The leaf's extensions apply even when the leaf itself is the configured anchor.
      checkCriticalExtensions(chain[0]!, 0, known);
      return { anchor };
    } catch (e) {
      if (!(e instanceof WebAuthnError)) throw e;
      firstFailure ??= e;
    }
  }
  throw firstFailure ?? noAnchor(chain, anchors);
}

/**
 * Without anchors (WebAuthn §7.1 step 24 leaves trust to the RP): every x5c certificate is checked
 * as a path to the top one (dates, names, CA bits, signatures, critical extensions, the top's
 * included); only the top's own signature, having no issuer, is not. Nothing is trusted by this.
 */
export async function validateUnanchoredChain(
  chain: readonly ParsedCertificate[],
  now: Date,
  options: PathValidationOptions = {},
): Promise<void> {
  checkChainLength(chain);
  const known = knownCritical(options);
  const repeat = chain.findIndex((c, i) => chain.findIndex((d) => sameCertificate(c, d)) !== i);
  if (repeat >= 0) throw new WebAuthnError('ERR_X509_CHAIN_BROKEN', 'Certificate chain repeats a certificate', { index: repeat });
  const top = chain[chain.length - 1]!;
  await checkPath(chain.slice(0, -1), top, now, known, options.allowNonCanonicalSignatures === true);
  checkCriticalExtensions(top, chain.length - 1, known);
}

function checkChainLength(chain: readonly ParsedCertificate[]): void {
  if (chain.length === 0) throw new WebAuthnError('ERR_X509_CHAIN_BROKEN', 'Certificate chain is empty', { received: 0 });
  if (chain.length > MAX_CHAIN_LENGTH) {
    throw new WebAuthnError('ERR_X509_TOO_MANY_CERTIFICATES', 'Certificate chain too long', {
      expected: `<= ${MAX_CHAIN_LENGTH}`,
      received: chain.length,
    });
  }
}

function knownCritical(options: PathValidationOptions): ReadonlySet<string> {
  return new Set([...KNOWN_CRITICAL_EXTENSIONS, ...(options.extraCriticalExtensions ?? [])]);
}

/** Every (prefix, anchor) pair worth trying, in preference order (see the file comment). */
function anchorCandidates(chain: readonly ParsedCertificate[], anchors: readonly ParsedCertificate[], now: Date): Candidate[] {
  const out: Candidate[] = [];
  chain.forEach((cert, position) => {
    // RFC 5280 §6.1.1 d: the anchor is this certificate (same DER, or same name and key; not for x5c[0]).
    const isIt = (a: ParsedCertificate) =>
      sameCertificate(a, cert) || (position > 0 && equalBytes(a.subjectDer, cert.subjectDer) && equalBytes(a.spki, cert.spki));
    for (const anchor of preferred(anchors.filter(isIt), now, cert)) out.push({ position, anchor });
  });
  // §6.1.3 a.4 for the last certificate: the anchor's name is its issuer (the key is checked by the signature).
  const top = chain[chain.length - 1]!;
  const issuing = anchors.filter((a) => equalBytes(a.subjectDer, top.issuerDer));
  for (const anchor of preferred(issuing, now)) out.push({ position: chain.length, anchor });
  return out;
}

/** Distinct anchors: valid at `now` first, then byte-identical to `cert`, then in configuration order. */
function preferred(matching: readonly ParsedCertificate[], now: Date, cert?: ParsedCertificate): ParsedCertificate[] {
  const distinct = matching.filter((a, i) => matching.findIndex((b) => sameCertificate(a, b)) === i);
  const t = now.getTime();
  const rank = (a: ParsedCertificate) =>
    (a.notBefore.getTime() <= t && t <= a.notAfter.getTime() ? 0 : 2) + (cert !== undefined && sameCertificate(a, cert) ? 0 : 1);
  return distinct.map((a, i) => ({ a, i, r: rank(a) })).sort((x, y) => x.r - y.r || x.i - y.i).map((x) => x.a);
}

/** No candidate path: a broken x5c link is reported first (a reordered chain), else no anchor is reached. */
function noAnchor(chain: readonly ParsedCertificate[], anchors: readonly ParsedCertificate[]): WebAuthnError {
  const broken = chain.findIndex((c, i) => i + 1 < chain.length && !equalBytes(c.issuerDer, chain[i + 1]!.subjectDer));
  if (broken >= 0) {
    return new WebAuthnError('ERR_X509_CHAIN_BROKEN', 'Certificate is not issued by the next certificate in the chain', { index: broken });
  }
  const top = chain[chain.length - 1]!;
  return new WebAuthnError('ERR_X509_UNTRUSTED', 'Certificate chain does not lead to a trust anchor', {
    received: top.issuer.map((a) => a.value).join(', '),
    anchors: anchors.length,
  });
}
