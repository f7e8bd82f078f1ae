/**
 * The TBSCertificate fields we read (RFC 5280 §4.1.2), decoded from DER by our own code: names
 * (§4.1.2.4, §4.1.2.6), validity (§4.1.2.5) and extensions (§4.1.2.9, §4.2). Input positions come
 * from the strict DER walk in certificate.ts; anything off-profile throws ERR_X509_MALFORMED.
 */
import { toHex } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { children, type Tlv } from './der.js';
import type { DistinguishedName } from './names.js';

export interface CertificateExtension {
  readonly critical: boolean;
  /** The extnValue OCTET STRING's contents (the DER of the extension's own value). */
  readonly value: Uint8Array;
}

function malformed(reason: string): WebAuthnError {
  return new WebAuthnError('ERR_X509_MALFORMED', 'Certificate fields could not be read', { reason });
}

/** X.690 §8.19: an OBJECT IDENTIFIER's contents as dotted decimal; minimal base-128 arcs only. */
export function decodeOid(bytes: Uint8Array, tlv: Tlv): string {
  if (tlv.tag !== 0x06 || tlv.end === tlv.contentStart) throw malformed('OBJECT IDENTIFIER');
  const arcs: number[] = [];
  let value = 0;
  let fresh = true;
  for (let i = tlv.contentStart; i < tlv.end; i++) {
    const b = bytes[i]!;
    if (fresh && b === 0x80) throw malformed('non-minimal OID arc');
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw malformed('OID arc too large');
    fresh = (b & 0x80) === 0;
    if (fresh) {
      if (arcs.length === 0) arcs.push(value < 40 ? 0 : value < 80 ? 1 : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  if (!fresh) throw malformed('truncated OID arc');
  return arcs.join('.');
}

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);
const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true });

/**
 * A directory string's text (X.520), or undefined for a type that is not a character string. A
 * character string that does not decode (invalid UTF-8, odd-length UCS-2, a code point out of
 * range) makes the certificate malformed, as invalid UTF-8 is everywhere else in this library.
 */
function stringValue(bytes: Uint8Array, tlv: Tlv): string | undefined {
  const content = bytes.subarray(tlv.contentStart, tlv.end);
  try {
    switch (tlv.tag) {
      case 0x0c: // UTF8String
        return utf8.decode(content);
      case 0x12: // NumericString
      case 0x13: // PrintableString
      case 0x14: // TeletexString (T.61; read as Latin-1, as every other X.509 library does)
      case 0x16: // IA5String
      case 0x1a: // VisibleString
        return latin1(content);
      case 0x1e: // BMPString (UCS-2, big-endian)
        return utf16be.decode(content);
      case 0x1c: {
        // UniversalString (UCS-4, big-endian)
        if (content.length % 4 !== 0) throw malformed('UniversalString length');
        let s = '';
        for (let i = 0; i < content.length; i += 4) {
          s += String.fromCodePoint(((content[i]! << 24) | (content[i + 1]! << 16) | (content[i + 2]! << 8) | content[i + 3]!) >>> 0);
        }
        return s;
      }
      default:
        return undefined;
    }
  } catch (e) {
    if (e instanceof WebAuthnError) throw e;
    throw malformed('name string does not decode');
  }
}

/**
 * Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue), flattened in
 * encoding order. A value that is not a character string is shown as '#<hex of its content>'.
 */
export function readName(bytes: Uint8Array, name: Tlv): DistinguishedName {
  if (name.tag !== 0x30) throw malformed('Name');
  const out: Array<{ oid: string; value: string }> = [];
  for (const rdn of children(bytes, name)) {
    if (rdn.tag !== 0x31) throw malformed('RelativeDistinguishedName');
    const atvs = children(bytes, rdn);
    if (atvs.length === 0) throw malformed('empty RelativeDistinguishedName');
    for (const atv of atvs) {
      const parts = children(bytes, atv);
      if (atv.tag !== 0x30 || parts.length !== 2) throw malformed('AttributeTypeAndValue');
      const v = parts[1]!;
      const value = stringValue(bytes, v) ?? '#' + toHex(bytes.subarray(v.contentStart, v.end));
      out.push(Object.freeze({ oid: decodeOid(bytes, parts[0]!), value }));
    }
  }
  return Object.freeze(out);
}

const DIGITS = /^\d+$/;

/**
 * Time ::= UTCTime | GeneralizedTime in the RFC 5280 §4.1.2.5.1–2 profile: UTCTime exactly
 * YYMMDDHHMMSSZ (years 50–99 are 19xx), GeneralizedTime exactly YYYYMMDDHHMMSSZ: Zulu, with
 * seconds, no fractions. Calendar values are range-checked. Lenient on one point, on purpose:
 * §4.1.2.5 tells CAs to use UTCTime through 2049, but a GeneralizedTime before 2050 is accepted,
 * because real FIDO-certified roots and chains carry one (docs/security.md, "Where we are more
 * lenient"); the value is unambiguous either way.
 */
export function readTime(bytes: Uint8Array, tlv: Tlv): Date {
  const text = latin1(bytes.subarray(tlv.contentStart, tlv.end));
  let year: number;
  let rest: string;
  if (tlv.tag === 0x17 && text.length === 13) {
    const yy = Number(text.slice(0, 2));
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = text.slice(2);
  } else if (tlv.tag === 0x18 && text.length === 15) {
    year = Number(text.slice(0, 4));
    rest = text.slice(4);
  } else {
    throw malformed('validity time format');
  }
  const digits = text.slice(0, -1);
  if (!DIGITS.test(digits) || text[text.length - 1] !== 'Z') throw malformed('validity time format');
  const [month, day, hour, minute, second] = [0, 2, 4, 6, 8].map((i) => Number(rest.slice(i, i + 2))) as [number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  if (
    month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 ||
    d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day
  ) {
    throw malformed('validity time out of range');
  }
  return d;
}

/** Validity ::= SEQUENCE { notBefore Time, notAfter Time }. */
export function readValidity(bytes: Uint8Array, validity: Tlv): { notBefore: Date; notAfter: Date } {
  const parts = children(bytes, validity);
  if (validity.tag !== 0x30 || parts.length !== 2) throw malformed('Validity');
  return { notBefore: readTime(bytes, parts[0]!), notAfter: readTime(bytes, parts[1]!) };
}

/**
 * extensions [3] EXPLICIT SEQUENCE SIZE (1..MAX) OF Extension, Extension ::= SEQUENCE { extnID,
 * critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. An explicitly encoded critical FALSE
 * (a DEFAULT value DER omits) is accepted, as before with pkijs; a duplicate extension is not
 * (RFC 5280 §4.2).
 */
export function readExtensions(bytes: Uint8Array, explicit: Tlv | undefined): ReadonlyMap<string, CertificateExtension> {
  const map = new Map<string, CertificateExtension>();
  if (explicit === undefined) return map;
  const inner = children(bytes, explicit);
  if (inner.length !== 1 || inner[0]!.tag !== 0x30) throw malformed('extensions');
  const list = children(bytes, inner[0]!);
  if (list.length === 0) throw malformed('empty extensions');
  for (const ext of list) {
    const parts = children(bytes, ext);
    if (ext.tag !== 0x30 || parts.length < 2 || parts.length > 3) throw malformed('Extension');
    const id = decodeOid(bytes, parts[0]!);
    let critical = false;
    if (parts.length === 3) {
      const b = parts[1]!;
      if (b.tag !== 0x01) throw malformed('Extension critical');
      critical = bytes[b.contentStart] === 0xff;
    }
    const value = parts[parts.length - 1]!;
    if (value.tag !== 0x04) throw malformed('Extension value');
    if (map.has(id)) {
      throw new WebAuthnError('ERR_X509_MALFORMED', 'Duplicate certificate extension', { received: id });
    }
    map.set(id, Object.freeze({ critical, value: bytes.slice(value.contentStart, value.end) }));
  }
  return map;
}
