/**
 * A minimal strict DER reader (X.690 §10) for certificate encodings; asn1js/pkijs, which we no
 * longer parse certificates with, accept BER (TOOLCHAIN.md §5, SECURITY-CHECKLIST.md §0.7). It reads
 * tag-length-value headers only; it never allocates more than the input.
 */
import { WebAuthnError } from '../errors.js';

export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number < 31). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset just past the content. */
  readonly end: number;
}

/** Maximum nesting depth walked by `assertStrictDer`; certificates nest about 8 deep. */
const MAX_DEPTH = 32;

function malformed(reason: string, offset: number): WebAuthnError {
  return new WebAuthnError('ERR_X509_MALFORMED', 'Certificate is not valid DER', { reason, offset });
}

/** Reads one DER header at `offset`; the content must fit inside `limit`. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number = bytes.length): Tlv {
  if (offset + 2 > limit) throw malformed('truncated header', offset);
  const tag = bytes[offset]!;
  // X.690 §8.1.2.4: high tag numbers (0x1f) never occur in certificates; refuse them.
  if ((tag & 0x1f) === 0x1f) throw malformed('high tag number form', offset);
  const first = bytes[offset + 1]!;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else {
    const n = first & 0x7f;
    // X.690 §10.1: definite form only; at most 4 length octets (our certificates are ≤ 16 KiB).
    if (n === 0) throw malformed('indefinite length', offset);
    if (n > 4) throw malformed('length too large', offset);
    if (offset + 2 + n > limit) throw malformed('truncated length', offset);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[offset + 2 + i]!;
    // X.690 §10.1: the minimum number of length octets.
    if (bytes[offset + 2] === 0 || length < 0x80) throw malformed('non-minimal length', offset);
    contentStart = offset + 2 + n;
  }
  const end = contentStart + length;
  if (end > limit) throw malformed('content exceeds enclosing element', offset);
  return { tag, start: offset, contentStart, end };
}

/** The direct children of a constructed element. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readTlv(bytes, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/**
 * Walks the whole element tree at `bytes[0..]` and throws ERR_X509_MALFORMED unless it is one DER
 * element with no trailing bytes: definite minimal lengths, no constructed universal strings,
 * BOOLEAN as 00/FF, minimal INTEGERs. OCTET/BIT STRING contents (extension values, keys) are not
 * descended into: their own parsers check them.
 */
export function assertStrictDer(bytes: Uint8Array): Tlv {
  const root = readTlv(bytes, 0);
  if (root.end !== bytes.length) throw malformed('trailing bytes', root.end);
  walk(bytes, root, 0);
  return root;
}

function walk(bytes: Uint8Array, tlv: Tlv, depth: number): void {
  if (depth > MAX_DEPTH) throw malformed('nesting too deep', tlv.start);
  const constructed = (tlv.tag & 0x20) !== 0;
  const universal = (tlv.tag & 0xc0) === 0;
  const number = tlv.tag & 0x1f;
  const len = tlv.end - tlv.contentStart;
  if (constructed) {
    // X.690 §10.2: strings are primitive in DER; only SEQUENCE (16) and SET (17) are constructed.
    if (universal && number !== 16 && number !== 17) throw malformed('constructed universal type', tlv.start);
    for (const child of children(bytes, tlv)) walk(bytes, child, depth + 1);
    return;
  }
  if (!universal) return;
  if (number === 1) {
    // X.690 §11.1: BOOLEAN TRUE is FF in DER.
    const v = bytes[tlv.contentStart];
    if (len !== 1 || (v !== 0x00 && v !== 0xff)) throw malformed('BOOLEAN not DER', tlv.start);
  } else if (number === 2) {
    // X.690 §8.3.2: minimal two's-complement INTEGER.
    if (len === 0) throw malformed('empty INTEGER', tlv.start);
    if (len > 1) {
      const a = bytes[tlv.contentStart]!;
      const b = bytes[tlv.contentStart + 1]!;
      if ((a === 0x00 && b < 0x80) || (a === 0xff && b >= 0x80)) throw malformed('non-minimal INTEGER', tlv.start);
    }
  } else if (number === 5 && len !== 0) {
    throw malformed('NULL with content', tlv.start);
  }
}

/** A non-negative DER INTEGER's magnitude without the sign octet (for RSA n and e). */
export function unsignedIntegerBytes(bytes: Uint8Array, tlv: Tlv): Uint8Array | undefined {
  if (tlv.tag !== 0x02 || tlv.end === tlv.contentStart) return undefined;
  const content = bytes.subarray(tlv.contentStart, tlv.end);
  if (content[0]! & 0x80) return undefined; // negative
  if (content.length > 1 && content[0] === 0 && content[1]! < 0x80) return undefined; // non-minimal
  return content[0] === 0 && content.length > 1 ? content.slice(1) : content.slice();
}
