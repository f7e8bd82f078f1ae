/**
 * The per-path checks of RFC 5280 §6.1.3–6.1.4 for one candidate path (src/x509/path.ts picks the
 * candidates): `path` is the x5c prefix in use, leaf first, and `anchor` the certificate that
 * supplies the trust anchor's name and key (§6.1.1 d) for the last one. Each failure throws its
 * own WebAuthnError; `index` in the details counts in [...path, anchor].
 */
import { WebAuthnError } from '../errors.js';
import { equalBytes } from '../encoding/bytes.js';
import type { ParsedCertificate } from './certificate.js';
import { cachedSignatureVerdict, rememberSignatureVerdict } from './certificate-cache.js';
import { certificateSignatureVerifies } from './signature.js';

/** All checks of `path` up to `anchor`, in a fixed order: names, dates, issuers, signatures, extensions. */
export async function checkPath(
  path: readonly ParsedCertificate[],
  anchor: ParsedCertificate,
  now: Date,
  knownCritical: ReadonlySet<string>,
  lenientDer = false,
): Promise<void> {
  const certs = [...path, anchor];
  // §6.1.3 a.4: each certificate's issuer Name is the next one's subject (x5c order, WebAuthn §8.2);
  // binary comparison, which §7.1 permits.
  for (let i = 0; i < path.length; i++) {
    if (!equalBytes(certs[i]!.issuerDer, certs[i + 1]!.subjectDer)) {
      throw new WebAuthnError('ERR_X509_CHAIN_BROKEN', 'Certificate is not issued by the next certificate in the chain', { index: i });
    }
  }
  // §6.1.3 a.2: valid at `now`; for the anchor too (stricter than §6.1.1 d: an expired root is not trusted).
  certs.forEach((cert, i) => checkValidity(cert, now, i));
  // §6.1.4 k–n: every issuer, the anchor included (none when the leaf is the anchor).
  for (let j = 1; j < certs.length; j++) checkIssuer(certs[j]!, j, nonSelfIssuedBetween(certs, j));
  // §6.1.3 a.1: each signature with its issuer's key (the anchor's own signature is not checked, §6.1.1 d).
  for (let i = 0; i < path.length; i++) await checkSignature(certs[i]!, certs[i + 1]!, i, lenientDer);
  // §6.1.4 o / §4.2: no unrecognised critical extension on a certificate of the path.
  path.forEach((cert, i) => checkCriticalExtensions(cert, i, knownCritical));
}

/** Intermediates strictly between the leaf (0) and certs[j] that are not self-issued (§4.2.1.9, §6.1.4 l). */
function nonSelfIssuedBetween(certs: readonly ParsedCertificate[], j: number): number {
  let n = 0;
  for (let i = 1; i < j; i++) if (!equalBytes(certs[i]!.subjectDer, certs[i]!.issuerDer)) n++;
  return n;
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

/** `below` = non-self-issued intermediate certificates between this CA and the leaf. */
function checkIssuer(ca: ParsedCertificate, index: number, below: number): void {
  // §6.1.4 k: an issuing certificate must assert cA (v1/v2 certificates are not accepted as CAs: stricter).
  if (ca.basicConstraints?.ca !== true) {
    throw new WebAuthnError('ERR_X509_NOT_CA', 'Issuing certificate is not a CA', { index });
  }
  // §6.1.4 l–m: pathLenConstraint bounds the non-self-issued intermediates below this CA.
  const pathLen = ca.basicConstraints.pathLen;
  if (pathLen !== undefined && below > pathLen) {
    throw new WebAuthnError('ERR_X509_PATH_LENGTH_EXCEEDED', 'Path length constraint exceeded', {
      index,
      expected: pathLen,
      received: below,
    });
  }
  // §6.1.4 n: when keyUsage is present, keyCertSign must be set.
  if (ca.keyUsage !== undefined && !ca.keyUsage.keyCertSign) {
    throw new WebAuthnError('ERR_X509_KEY_USAGE', 'Issuing certificate key usage lacks keyCertSign', { index });
  }
}

/** §4.2: a certificate with a critical extension we do not process is invalid. */
export function checkCriticalExtensions(cert: ParsedCertificate, index: number, known: ReadonlySet<string>): void {
  for (const [oid, ext] of cert.extensions) {
    if (ext.critical && !known.has(oid)) {
      throw new WebAuthnError('ERR_X509_UNKNOWN_CRITICAL_EXTENSION', 'Certificate has an unknown critical extension', {
        index,
        received: oid,
      });
    }
  }
}

async function checkSignature(cert: ParsedCertificate, issuer: ParsedCertificate, index: number, lenientDer: boolean): Promise<void> {
  if (!(await signatureVerifies(cert, issuer, lenientDer))) {
    throw new WebAuthnError('ERR_X509_SIGNATURE_INVALID', 'Certificate signature does not verify with its issuer key', { index });
  }
}

// §6.1.3 a.1 with the signature algorithm bound to the issuer's key type (§4.1.1.2;
// src/x509/signature.ts). Verdicts between cached certificates are remembered (certificate-cache.ts).
// A recoverable non-canonical ECDSA value throws ERR_SIGNATURE_NON_CANONICAL_DER unless `lenientDer`
// (allowNonCanonicalSignatures, issue 16); lenient verdicts are never cached, so a strict call never reads one.
async function signatureVerifies(cert: ParsedCertificate, issuer: ParsedCertificate, lenientDer: boolean): Promise<boolean> {
  if (lenientDer) return certificateSignatureVerifies(cert, issuer, undefined, 'normalize');
  const known = cachedSignatureVerdict(cert, issuer);
  if (known !== undefined) return known;
  const ok = await certificateSignatureVerifies(cert, issuer);
  rememberSignatureVerdict(cert, issuer, ok);
  return ok;
}
