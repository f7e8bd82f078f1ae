/**
 * Certificate revocation lists (RFC 5280 §5), read by our strict DER code and applied to a validated
 * path (§6.3.3, the subset a caller-supplied, complete, direct CRL needs). Used for the FIDO metadata
 * BLOB's signing chain; no network access: the caller supplies the CRLs.
 *
 * A CRL applies to a certificate when its issuer Name equals the certificate's issuer Name (direct
 * CRLs only). It is accepted only when: strict DER; v2 (or v1 without extensions); the outer and inner
 * signature algorithms are equal (§5.1.1.2); signed by the issuing certificate, whose keyUsage (when
 * present) allows cRLSign (§6.3.3 f); thisUpdate ≤ now ≤ nextUpdate, and nextUpdate present (§5.1.2.5:
 * conforming CRL issuers MUST include it; a stale CRL cannot say "not revoked"); no unknown critical
 * extension in the CRL or an entry (§5.2, §5.3). A delta CRL or an issuingDistributionPoint (partitioned
 * or indirect CRLs) is refused, not half-applied.
 */
import { equalBytes, toHex } from '../encoding/bytes.js';
import { WebAuthnError, isWebAuthnError } from '../errors.js';
import type { ParsedCertificate } from './certificate.js';
import { assertStrictDer, children, type Tlv } from './der.js';
import { readExtensions, readName, readTime, type CertificateExtension } from './fields.js';
import type { DistinguishedName } from './names.js';

/** A bound on one CRL; public CA CRLs for the MDS chain are a few KiB, large ones a few MiB. */
export const MAX_CRL_BYTES = 8 * 1024 * 1024;

export interface ParsedCrl {
  readonly der: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly issuerDer: Uint8Array;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  /** Revoked serial numbers as the certificate parser writes them (INTEGER contents, lowercase hex). */
  readonly revokedSerials: ReadonlySet<string>;
}

// CRL extensions we understand (RFC 5280 §5.2): authorityKeyIdentifier, cRLNumber. Entry extension:
// reasonCode (§5.3.1) and invalidityDate (§5.3.2). Delta CRL indicators and issuingDistributionPoint
// change what the list means; we refuse them rather than misread them.
const KNOWN_CRL_EXTENSIONS = new Set(['2.5.29.35', '2.5.29.20']);
const REFUSED_CRL_EXTENSIONS = new Set(['2.5.29.27', '2.5.29.28']);
const KNOWN_ENTRY_EXTENSIONS = new Set(['2.5.29.21', '2.5.29.24']);

function invalid(reason: string, details: Record<string, unknown> = {}, cause?: unknown): WebAuthnError {
  return new WebAuthnError('ERR_X509_CRL_INVALID', 'CRL is not acceptable', { reason, ...details }, cause === undefined ? undefined : { cause });
}

function checkExtensions(map: ReadonlyMap<string, CertificateExtension>, known: ReadonlySet<string>, where: string): void {
  for (const [oid, ext] of map) {
    if (REFUSED_CRL_EXTENSIONS.has(oid)) throw invalid(`${where} extension not supported`, { oid });
    if (ext.critical && !known.has(oid)) throw invalid(`unknown critical ${where} extension`, { oid });
  }
}

/** revokedCertificates: SEQUENCE OF SEQUENCE { userCertificate INTEGER, revocationDate Time, crlEntryExtensions OPTIONAL }. */
function readRevoked(bytes: Uint8Array, list: Tlv): Set<string> {
  const serials = new Set<string>();
  for (const entry of children(bytes, list)) {
    const f = children(bytes, entry);
    if (entry.tag !== 0x30 || f.length < 2 || f.length > 3 || f[0]!.tag !== 0x02) throw invalid('revokedCertificates entry');
    readTime(bytes, f[1]!);
    if (f[2] !== undefined) {
      if (f[2].tag !== 0x30) throw invalid('crlEntryExtensions');
      // Wrap in a synthetic [0] so the certificate extension reader can be reused.
      checkExtensions(readExtensions(bytes, { tag: 0xa0, start: f[2].start, contentStart: f[2].start, end: f[2].end }), KNOWN_ENTRY_EXTENSIONS, 'entry');
    }
    serials.add(toHex(bytes.subarray(f[0]!.contentStart, f[0]!.end)));
  }
  return serials;
}

/** Parses one DER CRL (RFC 5280 §5.1). Throws ERR_X509_CRL_INVALID. */
export function parseCrl(der: Uint8Array): ParsedCrl {
  if (!(der instanceof Uint8Array)) throw invalid('not bytes');
  if (der.length > MAX_CRL_BYTES) throw invalid('too large', { received: der.length });
  const bytes = der.slice();
  try {
    const root = assertStrictDer(bytes);
    const top = children(bytes, root);
    if (root.tag !== 0x30 || top.length !== 3 || top[0]!.tag !== 0x30 || top[1]!.tag !== 0x30 || top[2]!.tag !== 0x03) {
      throw invalid('CertificateList structure');
    }
    const f = children(bytes, top[0]!);
    const hasVersion = f[0]?.tag === 0x02;
    if (hasVersion && (f[0]!.end - f[0]!.contentStart !== 1 || bytes[f[0]!.contentStart] !== 1)) throw invalid('version is not v2');
    let i = hasVersion ? 1 : 0;
    const signature = f[i++];
    const issuer = f[i++];
    const thisUpdate = f[i++];
    if (signature?.tag !== 0x30 || issuer?.tag !== 0x30 || thisUpdate === undefined) throw invalid('TBSCertList structure');
    // §5.1.1.2: signatureAlgorithm must equal tbsCertList.signature.
    if (!equalBytes(bytes.subarray(signature.start, signature.end), bytes.subarray(top[1]!.start, top[1]!.end))) {
      throw invalid('signature algorithms differ');
    }
    const nextUpdate = f[i] !== undefined && (f[i]!.tag === 0x17 || f[i]!.tag === 0x18) ? f[i++] : undefined;
    const revoked = f[i]?.tag === 0x30 ? f[i++] : undefined;
    const extensions = f[i]?.tag === 0xa0 ? f[i++] : undefined;
    if (i !== f.length) throw invalid('TBSCertList trailing fields');
    if (extensions !== undefined && !hasVersion) throw invalid('extensions in a v1 CRL');
    checkExtensions(readExtensions(bytes, extensions), KNOWN_CRL_EXTENSIONS, 'CRL');
    return Object.freeze({
      der: bytes,
      issuer: readName(bytes, issuer),
      issuerDer: bytes.slice(issuer.start, issuer.end),
      thisUpdate: readTime(bytes, thisUpdate),
      nextUpdate: nextUpdate === undefined ? undefined : readTime(bytes, nextUpdate),
      revokedSerials: revoked === undefined ? new Set<string>() : readRevoked(bytes, revoked),
    });
  } catch (e) {
    if (isWebAuthnError(e) && e.code === 'ERR_X509_CRL_INVALID') throw e;
    throw invalid('not a strict DER CertificateList', {}, e);
  }
}

/** §6.3.3 (a)(2), (f): the CRL is current at `now` and its issuer may sign CRLs. */
export function checkCrlUsable(crl: ParsedCrl, issuer: ParsedCertificate, now: Date): void {
  if (crl.nextUpdate === undefined) throw invalid('nextUpdate missing');
  if (now < crl.thisUpdate) throw invalid('thisUpdate is in the future', { received: crl.thisUpdate.toISOString() });
  if (now > crl.nextUpdate) throw invalid('stale (nextUpdate passed)', { received: crl.nextUpdate.toISOString() });
  if (issuer.keyUsage !== undefined && !issuer.keyUsage.cRLSign) throw invalid('issuer keyUsage lacks cRLSign');
}

/** Whether `crl` applies to `cert` (a direct CRL from the certificate's issuer). */
export function crlCovers(crl: ParsedCrl, cert: ParsedCertificate): boolean {
  return equalBytes(crl.issuerDer, cert.issuerDer);
}

/** §6.3.3 (i): throws ERR_X509_REVOKED when `cert`'s serial is on `crl`. */
export function assertNotRevoked(crl: ParsedCrl, cert: ParsedCertificate, index: number): void {
  if (crl.revokedSerials.has(cert.serialNumberHex)) {
    throw new WebAuthnError('ERR_X509_REVOKED', 'Certificate is revoked by a supplied CRL', { index, serial: cert.serialNumberHex });
  }
}
