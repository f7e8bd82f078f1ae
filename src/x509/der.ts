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
  return withLength(bytes, tag, offset, offset + 1, limit);
}

/** The length octets at `at` of the element starting at `start`, and where its content ends. */
function withLength(bytes: Uint8Array, tag: number, start: number, at: number, limit: number): Tlv {
  if (at >= limit) throw malformed('truncated header', start);
  const first = bytes[at]!;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = at + 1;
  } else {
    const n = first & 0x7f;
    // X.690 §10.1: definite form only; at most 4 length octets (our certificates are ≤ 16 KiB).
    if (n === 0) throw malformed('indefinite length', start);
    if (n > 4) throw malformed('length too large', start);
    if (at + 1 + n > limit) throw malformed('truncated length', start);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[at + 1 + i]!;
    // X.690 §10.1: the minimum number of length octets.
    if (bytes[at + 1] === 0 || length < 0x80) throw malformed('non-minimal length', start);
    contentStart = at + 1 + n;
  }
  const end = contentStart + length;
  if (end > limit) throw malformed('content exceeds enclosing element', start);
  return { tag, start, contentStart, end };
}

/** A header read by readTlvAnyTag: `tag` is the first identifier octet, `tagNumber` the whole number. */
export interface AnyTagTlv extends Tlv {
  readonly tagNumber: number;
}

/** The largest tag number readTlvAnyTag reads (KeyMint tags stay below 2000). */
const MAX_TAG_NUMBER = 0xffffff;

/**
 * Reads one DER header whose tag may use the high-tag-number form (X.690 §8.1.2.4), for the one
 * structure we read that has it (the Android KeyDescription: [600], [702], …). Certificates keep
 * readTlv, which refuses that form. DER: the number in base 128 without a leading 0x80 octet
 * (§8.1.2.4.2 c), and the high form only for numbers ≥ 31 (§8.1.2.3).
 */
export function readTlvAnyTag(bytes: Uint8Array, offset: number, limit: number = bytes.length): AnyTagTlv {
  if (offset + 2 > limit) throw malformed('truncated header', offset);
  const tag = bytes[offset]!;
  if ((tag & 0x1f) !== 0x1f) return { ...withLength(bytes, tag, offset, offset + 1, limit), tagNumber: tag & 0x1f };
  let at = offset + 1;
  let tagNumber = 0;
  for (;;) {
    if (at >= limit) throw malformed('truncated tag', offset);
    const octet = bytes[at++]!;
    if (tagNumber === 0 && octet === 0x80) throw malformed('non-minimal tag', offset);
    tagNumber = tagNumber * 128 + (octet & 0x7f);
    if (tagNumber > MAX_TAG_NUMBER) throw malformed('tag number too large', offset);
    if (octet < 0x80) break;
  }
  if (tagNumber < 31) throw malformed('non-minimal tag', offset);
  return { ...withLength(bytes, tag, offset, at, limit), tagNumber };
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
 * BOOLEAN as 00/FF, minimal INTEGERs (integerContent), BIT STRINGs with 0–7 zero padding bits
 * (readBitString). OCTET/BIT STRING contents (extension values, keys) are not descended into:
 * their own parsers check them, with the same readers.
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
    integerContent(bytes, tlv); // X.690 §8.3: non-empty, minimal two's complement
  } else if (number === 3) {
    readBitString(bytes, tlv); // X.690 §8.6.2, §11.2.1: unused bits 0–7, and zero
  } else if (number === 5 && len !== 0) {
    throw malformed('NULL with content', tlv.start);
  }
}

// Every INTEGER and BIT STRING we read from a certificate (the strict walk above, serial numbers,
// pathLenConstraint, keyUsage, keys, unique identifiers) goes through the readers below, so one
// set of X.690 rules applies everywhere.

/**
 * X.690 §8.3: an INTEGER's content octets (two's complement), checked: at least one octet
 * (§8.3.1) and minimal (§8.3.2: the first nine bits are not all 0 or all 1). `tag` admits an
 * IMPLICIT tag.
 */
export function integerContent(bytes: Uint8Array, tlv: Tlv, tag = 0x02): Uint8Array {
  if (tlv.tag !== tag) throw malformed('not an INTEGER', tlv.start);
  const content = bytes.subarray(tlv.contentStart, tlv.end);
  if (content.length === 0) throw malformed('empty INTEGER', tlv.start);
  const [a, b] = [content[0]!, content[1] ?? 0];
  if (content.length > 1 && ((a === 0x00 && b < 0x80) || (a === 0xff && b >= 0x80))) {
    throw malformed('non-minimal INTEGER', tlv.start);
  }
  return content;
}

/** Whether checked INTEGER content octets (integerContent) encode a value below zero. */
export function isNegativeInteger(content: Uint8Array): boolean {
  return (content[0]! & 0x80) !== 0;
}

/** A non-negative INTEGER's magnitude without its sign octet (RSA n and e); negative is malformed. */
export function unsignedInteger(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  const content = integerContent(bytes, tlv);
  if (isNegativeInteger(content)) throw malformed('negative INTEGER', tlv.start);
  return content.length > 1 && content[0] === 0 ? content.slice(1) : content.slice();
}

/** A non-negative INTEGER as a number, refused above `max` (at most 2^31 − 1). */
export function smallUnsignedInteger(bytes: Uint8Array, tlv: Tlv, max: number): number {
  const magnitude = unsignedInteger(bytes, tlv);
  let value = 0;
  for (const octet of magnitude) {
    value = value * 256 + octet;
    if (value > max) throw malformed('INTEGER out of range', tlv.start);
  }
  return value;
}

export interface BitString {
  /** Number of unused bits (0–7) in the last octet of `octets`. */
  readonly unusedBits: number;
  /** The bits, most significant first, without the initial unused-bits octet. */
  readonly octets: Uint8Array;
}

/**
 * X.690 §8.6.2: BIT STRING content is an octet counting unused bits (0–7) and then the bits; an
 * empty bit string is the single octet 00 (§8.6.2.3). DER (§11.2.1): the unused bits are zero.
 * `tag` admits an IMPLICIT tag.
 */
export function readBitString(bytes: Uint8Array, tlv: Tlv, tag = 0x03): BitString {
  if (tlv.tag !== tag) throw malformed('not a BIT STRING', tlv.start);
  if (tlv.end === tlv.contentStart) throw malformed('BIT STRING without unused-bits octet', tlv.start);
  const unusedBits = bytes[tlv.contentStart]!;
  const octets = bytes.subarray(tlv.contentStart + 1, tlv.end);
  if (unusedBits > 7) throw malformed('BIT STRING unused bits > 7', tlv.start);
  if (octets.length === 0 && unusedBits !== 0) throw malformed('empty BIT STRING with unused bits', tlv.start);
  if (octets.length > 0 && (octets[octets.length - 1]! & ((1 << unusedBits) - 1)) !== 0) {
    throw malformed('BIT STRING padding bits not zero', tlv.start);
  }
  return { unusedBits, octets };
}

/**
 * A BIT STRING defined with a named bit list (keyUsage): besides readBitString's rules, DER
 * (X.690 §11.2.2) removes trailing 0 bits, so the last bit of the value is 1 unless it is empty.
 */
export function readNamedBits(bytes: Uint8Array, tlv: Tlv): BitString {
  const bits = readBitString(bytes, tlv);
  const last = bits.octets[bits.octets.length - 1];
  if (last !== undefined && ((last >> bits.unusedBits) & 1) === 0) {
    throw malformed('named bit list has trailing zero bits', tlv.start);
  }
  return bits;
}

/** Whether bit `n` (0 = most significant bit of the first octet) is set; bits past the end are 0. */
export function bitIsSet(bits: BitString, n: number): boolean {
  const octet = bits.octets[n >> 3];
  return octet !== undefined && (octet & (0x80 >> (n & 7))) !== 0;
}

/** A BIT STRING that holds whole octets (keys, signatures): no unused bits, at least one octet. */
export function octetAlignedBitString(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  const bits = readBitString(bytes, tlv);
  if (bits.unusedBits !== 0 || bits.octets.length === 0) throw malformed('BIT STRING not whole octets', tlv.start);
  return bits.octets;
}
