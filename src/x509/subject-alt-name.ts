/**
 * The host name a certificate is issued to (RFC 5280 §4.2.1.6 subjectAltName, RFC 6125 §6.4): the
 * one reader both "is this certificate issued to host X" rules use (the android-safetynet leaf,
 * WebAuthn L3 §8.5 step 4, and the FIDO metadata BLOB signer, FIDO MDS v3.0 §3.2).
 *
 * - With a subjectAltName extension, only its dNSName entries ([2] IA5String) count; the subject CN
 *   is not consulted (RFC 6125 §6.4.4), even when the SAN holds no dNSName.
 * - Without one, the subject's single CN is the name.
 * - Names compare ASCII case-insensitively (RFC 6125 §6.4.1); wildcards are not expanded (no signer
 *   we check is issued a wildcard, and an exact name is the stricter reading).
 * - A subjectAltName that is not a strict DER SEQUENCE SIZE (1..MAX) of GeneralName, or a dNSName
 *   that is empty or not ASCII, is ERR_X509_MALFORMED: a malformed SAN never falls back to the CN.
 */
import { WebAuthnError } from '../errors.js';
import type { ParsedCertificate } from './certificate.js';
import { children, readTlv } from './der.js';
import { nameValue } from './names.js';

export const OID_SUBJECT_ALT_NAME = '2.5.29.17';

/** GeneralName dNSName: context-specific primitive [2] (RFC 5280 §4.2.1.6). */
const DNS_NAME_TAG = 0x82;

function malformed(reason: string): WebAuthnError {
  return new WebAuthnError('ERR_X509_MALFORMED', 'Certificate subjectAltName is malformed', { reason });
}

/** The dNSName entries of the subjectAltName extension, or undefined when the certificate has none. */
export function subjectAltDnsNames(cert: ParsedCertificate): string[] | undefined {
  const san = cert.extensions.get(OID_SUBJECT_ALT_NAME);
  if (san === undefined) return undefined;
  const bytes = san.value;
  const root = readTlv(bytes, 0);
  if (root.tag !== 0x30 || root.end !== bytes.length) throw malformed('not one SEQUENCE');
  const generalNames = children(bytes, root);
  if (generalNames.length === 0) throw malformed('empty SEQUENCE');
  const names: string[] = [];
  for (const gn of generalNames) {
    if (gn.tag !== DNS_NAME_TAG) continue;
    if (gn.end === gn.contentStart) throw malformed('empty dNSName');
    let name = '';
    for (let i = gn.contentStart; i < gn.end; i++) {
      const octet = bytes[i]!;
      if (octet === 0 || octet > 0x7e) throw malformed('dNSName is not printable IA5');
      name += String.fromCharCode(octet);
    }
    names.push(name);
  }
  return names;
}

/** The names a host-name rule reads: the SAN dNSNames, or the single subject CN without a SAN. */
export function certificateHostNames(cert: ParsedCertificate): { readonly from: 'subjectAltName' | 'commonName'; readonly names: string[] } {
  const dns = subjectAltDnsNames(cert);
  if (dns !== undefined) return { from: 'subjectAltName', names: dns };
  const cn = nameValue(cert.subject, 'CN');
  return { from: 'commonName', names: cn === undefined ? [] : [cn] };
}

/** Whether `cert` is issued to `host` (rules above). Throws ERR_X509_MALFORMED for a malformed SAN. */
export function isIssuedToHost(cert: ParsedCertificate, host: string): boolean {
  const wanted = asciiLower(host);
  return certificateHostNames(cert).names.some((name) => asciiLower(name) === wanted);
}

/** A–Z to a–z only: String#toLowerCase would also fold non-ASCII look-alikes (U+212A KELVIN SIGN → "k"). */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}
