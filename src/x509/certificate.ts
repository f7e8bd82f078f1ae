/**
 * Strict X.509 certificate parsing (RFC 5280 §4.1) for attestation statements and trust anchors.
 * Our own code end to end: the whole certificate passes a strict DER walk (src/x509/der.ts), then
 * the fields are read from DER (src/x509/fields.ts) and signatures are checked by
 * src/x509/signature.ts. No pkijs/asn1js (which accept BER and ignore trailing bytes) on this path;
 * test/differential/x509-parse.test.ts keeps pkijs as an oracle over every real certificate we have.
 */
import { sha256 } from '../crypto/hash-sync.js';
import { copyBytes, equalBytes, toHex } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import {
  assertStrictDer, bitIsSet, children, integerContent, octetAlignedBitString, readBitString, readNamedBits,
  smallUnsignedInteger, type Tlv,
} from './der.js';
import { readExtensions, readName, readValidity, type CertificateExtension } from './fields.js';
import type { DistinguishedName } from './names.js';

export { nameValue, type DistinguishedName } from './names.js';
export type { CertificateExtension } from './fields.js';

/** Larger than any attestation certificate seen (TPM AIK certs are ~1.5 KiB); bounds parsing work. */
export const MAX_CERTIFICATE_BYTES = 16 * 1024;

export const OID_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_KEY_USAGE = '2.5.29.15';

/**
 * RFC 5280 §4.1.2.2 bounds serial numbers at 20 octets for CAs; we accept up to 32 content octets
 * because real FIDO MDS roots carry 22 (docs/security.md, "Where we are more lenient").
 */
export const MAX_SERIAL_OCTETS = 32;
/** pathLenConstraint values above this are refused (RFC 5280 §4.2.1.9 says 0..MAX; chains are ≤ 8). */
const MAX_PATH_LEN = 0x7fffffff;

export interface KeyUsage {
  readonly digitalSignature: boolean;
  readonly keyCertSign: boolean;
  readonly cRLSign: boolean;
}

export interface ParsedCertificate {
  readonly der: Uint8Array;
  /** X.509 version as people say it: 1, 2 or 3 (the DER field holds 0, 1 or 2). */
  readonly version: number;
  readonly serialNumberHex: string;
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  /** DER of the subject and issuer Names; chain building compares these bytes (RFC 5280 §7.1). */
  readonly subjectDer: Uint8Array;
  readonly issuerDer: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
  readonly extensions: ReadonlyMap<string, CertificateExtension>;
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLen?: number };
  readonly keyUsage?: KeyUsage;
  /** SHA-256 of `der`, lowercase hex. */
  readonly fingerprintSha256: string;
}

function malformed(message: string, details: Record<string, unknown>, cause?: unknown): WebAuthnError {
  return new WebAuthnError('ERR_X509_MALFORMED', message, details, cause === undefined ? undefined : { cause });
}

/**
 * Parses one DER certificate. Throws ERR_X509_MALFORMED for anything that is not a single strict-DER
 * Certificate of at most MAX_CERTIFICATE_BYTES, or whose extensions cannot be read.
 */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  if (!(der instanceof Uint8Array)) throw malformed('Certificate must be bytes', { received: typeof der });
  if (der.length > MAX_CERTIFICATE_BYTES) {
    throw malformed('Certificate too large', { expected: `<= ${MAX_CERTIFICATE_BYTES} bytes`, received: der.length });
  }
  const bytes = copyBytes(der);
  // Strict DER first (X.690 §10): definite minimal lengths, no trailing bytes.
  const root = assertStrictDer(bytes);
  const top = children(bytes, root);
  // RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
  if (root.tag !== 0x30 || top.length !== 3 || top[0]!.tag !== 0x30 || top[1]!.tag !== 0x30 || top[2]!.tag !== 0x03) {
    throw malformed('Certificate structure invalid', { reason: 'outer SEQUENCE' });
  }
  const raw = locateTbsFields(bytes, top[0]!);
  // RFC 5280 §4.1.1.2: the outer signatureAlgorithm must equal tbsCertificate.signature.
  if (!equalBytes(slice(bytes, top[1]!), slice(bytes, raw.signature))) {
    throw malformed('Certificate signature algorithms differ', { reason: 'signatureAlgorithm != tbs.signature' });
  }
  // RFC 5280 §4.1.1.3: signatureValue; every algorithm we know signs in whole octets.
  octetAlignedBitString(bytes, top[2]!);

  // RFC 5280 §4.1.2.9: extensions only in v3 certificates.
  if (raw.extensions !== undefined && raw.version !== 3) {
    throw malformed('Extensions in a non-v3 certificate', { received: raw.version });
  }
  const extensions = readExtensions(bytes, raw.extensions);
  const bcExt = extensions.get(OID_BASIC_CONSTRAINTS);
  const kuExt = extensions.get(OID_KEY_USAGE);
  const { notBefore, notAfter } = readValidity(bytes, raw.validity);

  return Object.freeze({
    der: bytes,
    version: raw.version,
    serialNumberHex: toHex(readSerialNumber(bytes, raw.serial)),
    subject: readName(bytes, raw.subject),
    issuer: readName(bytes, raw.issuer),
    subjectDer: slice(bytes, raw.subject),
    issuerDer: slice(bytes, raw.issuer),
    notBefore,
    notAfter,
    spki: slice(bytes, raw.spki),
    extensions,
    ...(bcExt ? { basicConstraints: parseBasicConstraints(bcExt.value) } : {}),
    ...(kuExt ? { keyUsage: parseKeyUsage(kuExt.value) } : {}),
    fingerprintSha256: toHex(sha256(bytes)),
  });
}

function slice(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.slice(tlv.start, tlv.end);
}

/**
 * RFC 5280 §4.1.2.2: CertificateSerialNumber ::= INTEGER, in strict DER (X.690 §8.3). Zero and
 * negative serials are accepted, as §4.1.2.2 asks of certificate users ("SHOULD be prepared to
 * gracefully handle"), and real FIDO MDS roots have them; longer than MAX_SERIAL_OCTETS is refused.
 */
function readSerialNumber(bytes: Uint8Array, serial: Tlv): Uint8Array {
  const content = integerContent(bytes, serial);
  if (content.length > MAX_SERIAL_OCTETS) {
    throw malformed('Certificate serial number too long', { reason: 'serialNumber too long', expected: `<= ${MAX_SERIAL_OCTETS} octets`, received: content.length });
  }
  return content.slice();
}

/** RFC 5280 §4.1: TBSCertificate field positions (version [0] is optional, v1 certificates omit it). */
function locateTbsFields(bytes: Uint8Array, tbs: Tlv) {
  const f = children(bytes, tbs);
  const hasVersion = f[0]?.tag === 0xa0;
  const base = hasVersion ? 1 : 0;
  const at = (i: number, tag: number): Tlv => {
    const t = f[base + i];
    if (t === undefined || t.tag !== tag) throw malformed('Certificate structure invalid', { reason: `tbs field ${i}` });
    return t;
  };
  const fields = {
    serial: at(0, 0x02),
    signature: at(1, 0x30),
    issuer: at(2, 0x30),
    validity: at(3, 0x30),
    subject: at(4, 0x30),
    spki: at(5, 0x30),
  };
  let version = 1;
  if (hasVersion) {
    // RFC 5280 §4.1.2.1: version is an INTEGER 0..2; DER omits the DEFAULT v1.
    const v = children(bytes, f[0]!);
    const int = v[0];
    if (v.length !== 1 || int === undefined || int.tag !== 0x02 || int.end - int.contentStart !== 1) {
      throw malformed('Certificate structure invalid', { reason: 'version' });
    }
    const encoded = bytes[int.contentStart]!;
    if (encoded !== 1 && encoded !== 2) throw malformed('Certificate version unsupported', { received: encoded });
    version = encoded + 1;
  }
  // RFC 5280 §4.1: then, in this order and each optional, issuerUniqueID [1] and subjectUniqueID
  // [2] (v2/v3 only, §4.1.2.8) and extensions [3] (v3 only, checked by the caller). Nothing else.
  let extensions: Tlv | undefined;
  let last = 0;
  for (const t of f.slice(base + 6)) {
    const order = t.tag === 0x81 ? 1 : t.tag === 0x82 ? 2 : t.tag === 0xa3 ? 3 : 0;
    if (order <= last || (order < 3 && version === 1)) throw malformed('Certificate structure invalid', { reason: 'tbs trailing field' });
    // §4.1.2.8: UniqueIdentifier ::= BIT STRING, IMPLICIT [1] / [2]; DER like any other.
    if (order < 3) readBitString(bytes, t, t.tag);
    last = order;
    if (order === 3) extensions = t;
  }
  return { ...fields, version, extensions };
}

/**
 * RFC 5280 §4.2.1.9: BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint
 * INTEGER (0..MAX) OPTIONAL }. Lenient on one point, on purpose: an explicitly encoded cA FALSE
 * (a DEFAULT value, which DER omits) is accepted, because Chromium's virtual authenticator emits it
 * (see docs/attestation.md, "the Chrome basicConstraints case"). Everything else must be DER.
 */
export function parseBasicConstraints(value: Uint8Array): { ca: boolean; pathLen?: number } {
  const bad = (reason: string) => malformed('basicConstraints extension invalid', { reason });
  const seq = assertStrictDer(value); // X.690 §10–11 over the whole extension value
  if (seq.tag !== 0x30) throw bad('not a SEQUENCE');
  const items = children(value, seq);
  let ca = false;
  let i = 0;
  if (items[i]?.tag === 0x01) {
    ca = value[items[i]!.contentStart] === 0xff; // DER BOOLEAN (00/FF) checked by the walk
    i++;
  }
  let pathLen: number | undefined;
  if (items[i]?.tag === 0x02) {
    // §4.2.1.9: pathLenConstraint INTEGER (0..MAX): minimal DER, never negative.
    pathLen = smallUnsignedInteger(value, items[i]!, MAX_PATH_LEN);
    i++;
  }
  if (i !== items.length) throw bad('unexpected fields');
  return pathLen === undefined ? { ca } : { ca, pathLen };
}

/**
 * RFC 5280 §4.2.1.3: KeyUsage ::= BIT STRING (a named bit list: bit 0 digitalSignature,
 * 5 keyCertSign, 6 cRLSign, … 8 decipherOnly). DER: zero padding bits (X.690 §11.2.1) and no
 * trailing zero bits (§11.2.2); §4.2.1.3: at least one bit is set; nine named bits fit 2 octets.
 */
function parseKeyUsage(value: Uint8Array): KeyUsage {
  const bad = (reason: string) => malformed('keyUsage extension invalid', { reason });
  const tlv = assertStrictDer(value);
  if (tlv.tag !== 0x03) throw bad('not a BIT STRING');
  const bits = readNamedBits(value, tlv);
  if (bits.octets.length === 0) throw bad('no bit set');
  if (bits.octets.length > 2) throw bad('more bits than named');
  return {
    digitalSignature: bitIsSet(bits, 0),
    keyCertSign: bitIsSet(bits, 5),
    cRLSign: bitIsSet(bits, 6),
  };
}

/** Byte equality of two certificates (how an x5c entry is recognised as a configured anchor). */
export function sameCertificate(a: ParsedCertificate, b: ParsedCertificate): boolean {
  return a.fingerprintSha256 === b.fingerprintSha256 && equalBytes(a.der, b.der);
}
