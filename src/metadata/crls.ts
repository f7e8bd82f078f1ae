/**
 * Supplied CRLs applied to the BLOB's validated signing chain (RFC 5280 §6.3.3, direct CRLs): each
 * certificate below the anchor is checked against every CRL its issuer signed. A CRL whose issuer
 * Name bytes equal a certificate's issuer must verify with that issuer's key and be current; a CRL
 * under another encoding of the name applies when the issuer's key signed it; any other CRL is
 * ignored (a caller may pass a CA's whole CRL set).
 */
import { WebAuthnError } from '../errors.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { assertNotRevoked, checkCrlUsable, crlCovers, parseCrl, type ParsedCrl } from '../x509/crl.js';
import { signedObjectVerifies } from '../x509/signature.js';
import { equalBytes } from '../encoding/bytes.js';

/**
 * Whether `crl` is `issuer`'s CRL for `cert`: its issuer Name bytes equal the certificate's issuer
 * (then it must verify with the issuer key, else ERR_X509_CRL_INVALID), or it verifies with the
 * issuer key under a differently encoded name. RFC 5280 §7.1 compares names after normalisation
 * (case, spaces, string types), so byte equality alone would silently ignore the issuer's own CRL
 * when it spells its name differently; a valid signature by the issuing key settles it.
 */
async function crlApplies(crl: ParsedCrl, cert: ParsedCertificate, issuer: ParsedCertificate, index: number): Promise<boolean> {
  const sameNameBytes = crlCovers(crl, cert);
  let verifies: boolean;
  try {
    verifies = await signedObjectVerifies(crl.der, issuer);
  } catch (e) {
    if (sameNameBytes) throw e;
    verifies = false; // another CA's CRL in a form our policy refuses: not this issuer's
  }
  if (sameNameBytes && !verifies) {
    throw new WebAuthnError('ERR_X509_CRL_INVALID', 'CRL is not acceptable', { reason: 'signature does not verify with the issuer key', index });
  }
  return verifies;
}

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
      if (!(await crlApplies(crl, cert, issuer, i))) continue;
      checkCrlUsable(crl, issuer, now);
      assertNotRevoked(crl, cert, i);
    }
  }
}
