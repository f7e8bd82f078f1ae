/**
 * What registration needs from one metadata entry, computed once per entry: its attestation roots
 * parsed by our strict X.509 code (lazily, cached on the frozen entry object, so loading a BLOB never
 * parses hundreds of certificates nobody uses), and the key identifier of an attestation certificate.
 */
import { sha1 } from '../crypto/hash-sync.js';
import { decodeStandardBase64 } from '../encoding/base64.js';
import { toHex } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { parseCertificate, type ParsedCertificate } from '../x509/certificate.js';
import { children, readTlv } from '../x509/der.js';
import type { MetadataEntry } from './types.js';

const rootsCache = new WeakMap<MetadataEntry, readonly ParsedCertificate[]>();

/** metadataStatement.attestationRootCertificates, parsed; ERR_METADATA_ENTRY_INVALID if one is not a certificate. */
export function entryAttestationRoots(entry: MetadataEntry): readonly ParsedCertificate[] {
  const cached = rootsCache.get(entry);
  if (cached !== undefined) return cached;
  const roots = (entry.metadataStatement?.attestationRootCertificates ?? []).map((b64, index) => {
    const der = decodeStandardBase64(b64);
    try {
      if (der === undefined) throw new Error('not standard base64');
      return parseCertificate(der);
    } catch (e) {
      throw new WebAuthnError('ERR_METADATA_ENTRY_INVALID', 'Metadata entry attestation root is not a certificate', { index }, { cause: e });
    }
  });
  rootsCache.set(entry, Object.freeze(roots));
  return roots;
}

/**
 * RFC 5280 §4.2.1.2 method 1, as MDS uses it for attestationCertificateKeyIdentifiers: lowercase hex
 * SHA-1 of the subjectPublicKey BIT STRING contents (without the unused-bits octet).
 */
export function certificateKeyIdentifier(cert: ParsedCertificate): string {
  const spki = cert.spki;
  const [, bits] = children(spki, readTlv(spki, 0));
  return toHex(sha1(spki.subarray(bits!.contentStart + 1, bits!.end)));
}
