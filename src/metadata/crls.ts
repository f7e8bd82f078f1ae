/**
 * Supplied CRLs applied to the BLOB's validated signing chain (RFC 5280 §6.3.3, direct CRLs): each
 * certificate below the anchor is checked against every CRL its issuer signed. A CRL that names an
 * issuer in the chain must verify with that issuer's key and be current; one that names no issuer in
 * the chain is ignored (a caller may pass a CA's whole CRL set).
 */
import { WebAuthnError } from '../errors.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { assertNotRevoked, checkCrlUsable, crlCovers, parseCrl } from '../x509/crl.js';
import { signedObjectVerifies } from '../x509/signature.js';
import { equalBytes } from '../encoding/bytes.js';

export async function applyCrls(chain: readonly ParsedCertificate[], anchor: ParsedCertificate, crlDers: readonly Uint8Array[], now: Date): Promise<void> {
  if (crlDers.length === 0) return;
  const crls = crlDers.map(parseCrl);
  // The path below the anchor: x5c may end with a copy of the root, which the anchor stands for.
  const end = chain.findIndex((c) => equalBytes(c.subjectDer, anchor.subjectDer) && equalBytes(c.spki, anchor.spki));
  const path = end < 0 ? chain : chain.slice(0, end);
  for (let i = 0; i < path.length; i++) {
    const cert = path[i]!;
    const issuer = path[i + 1] ?? anchor;
    for (const crl of crls) {
      if (!crlCovers(crl, cert)) continue;
      if (!(await signedObjectVerifies(crl.der, issuer))) {
        throw new WebAuthnError('ERR_X509_CRL_INVALID', 'CRL is not acceptable', { reason: 'signature does not verify with the issuer key', index: i });
      }
      checkCrlUsable(crl, issuer, now);
      assertNotRevoked(crl, cert, i);
    }
  }
}
