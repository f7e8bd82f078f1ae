/**
 * Certification path validation (RFC 5280 §6.1) for the attestation profile: no policies, no
 * name constraints, no revocation (WebAuthn leaves revocation to the RP's metadata handling).
 * Written by us so each failure has its own code; signatures go through src/x509/signature.ts.
 *
 * Input: the x5c chain, leaf first, and the configured anchors. The chain may end with a
 * certificate that is an anchor (x5c that lists the root): byte-identical to one, or with an
 * anchor's subject and public key (a re-issued root); then the configured anchor is used. This
 * includes a self-signed leaf anchored by itself (the Chromium virtual authenticator case);
 * certificates after the first one that is an anchor are not used. Otherwise the top of the chain
 * must be issued by an anchor.
 */
import { WebAuthnError } from '../errors.js';
import { equalBytes } from '../encoding/bytes.js';
import { OID_BASIC_CONSTRAINTS, OID_KEY_USAGE, sameCertificate, type ParsedCertificate } from './certificate.js';
import { cachedSignatureVerdict, rememberSignatureVerdict } from './certificate-cache.js';
import { certificateSignatureVerifies } from './signature.js';

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
}

export async function validateCertificatePath(
  chain: readonly ParsedCertificate[],
  anchors: readonly ParsedCertificate[],
  now: Date,
  options: PathValidationOptions = {},
): Promise<{ anchor: ParsedCertificate }> {
  if (chain.length === 0) throw new WebAuthnError('ERR_X509_CHAIN_BROKEN', 'Certificate chain is empty', { received: 0 });
  if (chain.length > MAX_CHAIN_LENGTH) {
    throw new WebAuthnError('ERR_X509_TOO_MANY_CERTIFICATES', 'Certificate chain too long', {
      expected: `<= ${MAX_CHAIN_LENGTH}`,
      received: chain.length,
    });
  }
  const known = new Set([...KNOWN_CRITICAL_EXTENSIONS, ...(options.extraCriticalExtensions ?? [])]);

  // Stop at the first certificate that IS an anchor: an anchor is trusted by configuration
  // (RFC 5280 §6.1.1 d), so its own signature is not checked. Trust anchor information is a name
  // and a public key (§6.1.1 d), so a chain certificate with an anchor's subject AND key is that
  // anchor too, and the configured certificate stands in for it (a vendor that re-issues its root
  // with the same key, as Google did for the hardware attestation root, keeps devices whose x5c
  // carries the expired original working).
  let anchorIndex = -1;
  let configured: ParsedCertificate | undefined;
  for (let i = 0; i < chain.length && configured === undefined; i++) {
    configured = anchorFor(chain[i]!, anchors, now);
    if (configured !== undefined) anchorIndex = i;
  }
  const path = anchorIndex >= 0 ? chain.slice(0, anchorIndex) : chain.slice();

  // RFC 5280 §6.1.3 a.4: each certificate's issuer is the next one's subject (x5c order, §8.2).
  for (let i = 0; i + 1 < path.length; i++) {
    if (!equalBytes(path[i]!.issuerDer, path[i + 1]!.subjectDer)) {
      throw new WebAuthnError('ERR_X509_CHAIN_BROKEN', 'Certificate is not issued by the next certificate in the chain', {
        index: i,
      });
    }
  }

  let anchor: ParsedCertificate;
  if (configured !== undefined) {
    anchor = configured;
    if (path.length > 0 && !equalBytes(path[path.length - 1]!.issuerDer, anchor.subjectDer)) {
      throw new WebAuthnError('ERR_X509_CHAIN_BROKEN', 'Certificate is not issued by the next certificate in the chain', {
        index: path.length - 1,
      });
    }
  } else {
    anchor = await findIssuingAnchor(path[path.length - 1]!, anchors);
  }

  // RFC 5280 §6.1.3 a.2: validity at `now`, for the anchor too (an expired root is not trusted).
  for (const [i, cert] of [...path, anchor].entries()) checkValidity(cert, now, i);

  // Issuers: every certificate above the leaf, ending with the anchor (none when the leaf is the anchor).
  const issuers = [...path.slice(1), ...(path.length > 0 ? [anchor] : [])];
  issuers.forEach((ca, j) => checkCa(ca, j + 1, j));

  // RFC 5280 §6.1.3 a.1: signatures, each with its issuer's key (the anchor's is checked in findIssuingAnchor).
  for (let i = 0; i + 1 < path.length; i++) await checkSignature(path[i]!, path[i + 1]!, i);
  if (anchorIndex >= 0 && path.length > 0) await checkSignature(path[path.length - 1]!, anchor, path.length - 1);

  // RFC 5280 §6.1.4 o / §4.2: no unrecognised critical extension on a certificate of the path.
  path.forEach((cert, i) => {
    for (const [oid, ext] of cert.extensions) {
      if (ext.critical && !known.has(oid)) {
        throw new WebAuthnError('ERR_X509_UNKNOWN_CRITICAL_EXTENSION', 'Certificate has an unknown critical extension', {
          index: i,
          received: oid,
        });
      }
    }
  });
  return { anchor };
}

/**
 * The configured anchor that `cert` is: one byte-identical to it or with its subject and
 * SubjectPublicKeyInfo (the same trust anchor, RFC 5280 §6.1.1 d). Among those, one valid at `now`
 * is preferred, byte-identical first; undefined when `cert` is no anchor.
 */
function anchorFor(cert: ParsedCertificate, anchors: readonly ParsedCertificate[], now: Date): ParsedCertificate | undefined {
  const matching = anchors.filter((a) => sameCertificate(a, cert) || (equalBytes(a.subjectDer, cert.subjectDer) && equalBytes(a.spki, cert.spki)));
  matching.sort((a, b) => Number(sameCertificate(b, cert)) - Number(sameCertificate(a, cert)));
  const t = now.getTime();
  return matching.find((a) => a.notBefore.getTime() <= t && t <= a.notAfter.getTime()) ?? matching[0];
}

/** The anchor whose subject is `top`'s issuer and whose key verifies `top`'s signature. */
async function findIssuingAnchor(top: ParsedCertificate, anchors: readonly ParsedCertificate[]): Promise<ParsedCertificate> {
  const named = anchors.filter((a) => equalBytes(a.subjectDer, top.issuerDer));
  if (named.length === 0) {
    throw new WebAuthnError('ERR_X509_UNTRUSTED', 'Certificate chain does not lead to a trust anchor', {
      received: top.issuer.map((a) => a.value).join(', '),
      anchors: anchors.length,
    });
  }
  for (const candidate of named) {
    if (await signatureVerifies(top, candidate)) return candidate;
  }
  throw new WebAuthnError('ERR_X509_SIGNATURE_INVALID', 'Certificate signature does not verify with its issuer key', {
    index: 'anchor',
  });
}

function checkValidity(cert: ParsedCertificate, now: Date, index: number): void {
  const t = now.getTime();
  if (t < cert.notBefore.getTime()) {
    throw new WebAuthnError('ERR_X509_NOT_YET_VALID', 'Certificate is not yet valid', {
      index,
      expected: cert.notBefore.toISOString(),
      received: now.toISOString(),
    });
  }
  if (t > cert.notAfter.getTime()) {
    throw new WebAuthnError('ERR_X509_EXPIRED', 'Certificate has expired', {
      index,
      expected: cert.notAfter.toISOString(),
      received: now.toISOString(),
    });
  }
}

/** `below` = number of intermediate CA certificates between this CA and the leaf. */
function checkCa(ca: ParsedCertificate, index: number, below: number): void {
  // RFC 5280 §6.1.4 k: an issuing certificate must assert cA (v1 certificates are not accepted as CAs).
  if (ca.basicConstraints?.ca !== true) {
    throw new WebAuthnError('ERR_X509_NOT_CA', 'Issuing certificate is not a CA', { index });
  }
  // RFC 5280 §6.1.4 l–m: pathLenConstraint bounds the intermediates below this CA.
  const pathLen = ca.basicConstraints.pathLen;
  if (pathLen !== undefined && below > pathLen) {
    throw new WebAuthnError('ERR_X509_PATH_LENGTH_EXCEEDED', 'Path length constraint exceeded', {
      index,
      expected: pathLen,
      received: below,
    });
  }
  // RFC 5280 §6.1.4 n: when keyUsage is present, keyCertSign must be set.
  if (ca.keyUsage !== undefined && !ca.keyUsage.keyCertSign) {
    throw new WebAuthnError('ERR_X509_KEY_USAGE', 'Issuing certificate key usage lacks keyCertSign', { index });
  }
}

async function checkSignature(cert: ParsedCertificate, issuer: ParsedCertificate, index: number): Promise<void> {
  if (!(await signatureVerifies(cert, issuer))) {
    throw new WebAuthnError('ERR_X509_SIGNATURE_INVALID', 'Certificate signature does not verify with its issuer key', {
      index,
    });
  }
}

// RFC 5280 §6.1.3 a.1 with the signature algorithm bound to the issuer's key type (§4.1.1.2;
// src/x509/signature.ts). Verdicts between cached certificates are remembered (certificate-cache.ts).
async function signatureVerifies(cert: ParsedCertificate, issuer: ParsedCertificate): Promise<boolean> {
  const known = cachedSignatureVerdict(cert, issuer);
  if (known !== undefined) return known;
  const ok = await certificateSignatureVerifies(cert, issuer);
  rememberSignatureVerdict(cert, issuer, ok);
  return ok;
}
