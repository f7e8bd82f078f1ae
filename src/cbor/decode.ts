/**
 * Strict CBOR decoding for WebAuthn (attestationObject, COSE keys, extension outputs).
 *
 * Two steps: `scanItem` (scan.ts) first walks the heads of the one item and enforces the profile
 * (definite lengths, shortest heads, allowed types, int/text keys, depth and item limits, declared
 * lengths within the input); only then does the small decoder below build values from the
 * accepted range, checking what needs the values themselves (UTF-8, duplicate keys, key range).
 * The profile and its limits are documented in docs/cbor.md.
 *
 * We use our own decoder instead of cbor-x: every head is already parsed by the scan, and cbor-x
 * aliases its input, writes a `dataView` property onto it and accepts tags that build objects.
 * cbor-x stays in the test suite as a differential oracle (test/unit/cbor/decode.test.ts).
 */
import { WebAuthnError } from '../errors.js';
import { decodeUtf8, isBytes } from '../encoding/bytes.js';
import { scanItem, type ScanOptions } from './scan.js';

export type CborKey = number | string;
export type CborValue = number | bigint | string | boolean | null | Uint8Array | CborValue[] | CborMap;
export type CborMap = Map<CborKey, CborValue>;

export interface CborLimits {
  /** Maximum container nesting (a top-level map is depth 1). Default 16, at most 256. */
  maxDepth?: number;
  /** Maximum number of data items (every key, value and element counts). Default 4096. */
  maxItems?: number;
  /**
   * Require map keys in CTAP2 canonical order (major type, then length, then bytewise; CTAP 2.2 §8).
   * Default false for this generic decoder and the attestationObject (three real attStmt maps are
   * unsorted); the credential public key (L3 §6.5.1) and the authenticator extension outputs are
   * decoded with true, since every real one is sorted (docs/cbor.md "Key order", the evidence).
   */
  requireSortedKeys?: boolean;
}

export const DEFAULT_CBOR_LIMITS: Readonly<Required<CborLimits>> = Object.freeze({
  maxDepth: 16,
  maxItems: 4096,
  requireSortedKeys: false,
});

// Hard ceilings on caller-supplied limits: the decoder recurses once per level, so maxDepth must
// stay far below any engine's stack limit.
const MAX_DEPTH_CEILING = 256;
const MAX_ITEMS_CEILING = 1 << 24;

function resolveLimits(limits: CborLimits | undefined): ScanOptions {
  if (limits === undefined) return DEFAULT_CBOR_LIMITS;
  const maxDepth = limits.maxDepth ?? DEFAULT_CBOR_LIMITS.maxDepth;
  const maxItems = limits.maxItems ?? DEFAULT_CBOR_LIMITS.maxItems;
  const requireSortedKeys = limits.requireSortedKeys ?? DEFAULT_CBOR_LIMITS.requireSortedKeys;
  if (
    !Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_DEPTH_CEILING ||
    !Number.isInteger(maxItems) || maxItems < 1 || maxItems > MAX_ITEMS_CEILING ||
    typeof requireSortedKeys !== 'boolean'
  ) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid CBOR limits', {
      expected: `maxDepth 1..${MAX_DEPTH_CEILING}, maxItems 1..${MAX_ITEMS_CEILING}, requireSortedKeys boolean`,
      received: { maxDepth, maxItems, requireSortedKeys },
    });
  }
  return { maxDepth, maxItems, requireSortedKeys };
}

/**
 * A plain Uint8Array view of the input: a Node Buffer's slice() would alias instead of copying, and
 * a Uint8Array from another realm fails `instanceof`.
 */
function asPlainBytes(bytes: unknown): Uint8Array {
  if (!isBytes(bytes)) {
    throw new WebAuthnError('ERR_CBOR_MALFORMED', 'CBOR input must be a Uint8Array', {
      expected: 'Uint8Array',
      received: bytes === null ? 'null' : typeof bytes,
    });
  }
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const TWO_POW_32 = 4294967296;
const ASCII_FAST_PATH_MAX = 32;

/** Builds values from a range `scanItem` accepted, so heads here are known to be well-formed. */
class Reader {
  private readonly bytes: Uint8Array;
  pos: number;
  constructor(bytes: Uint8Array, pos: number) {
    this.bytes = bytes;
    this.pos = pos;
  }

  /** The head's argument as a number, or a bigint above 2^53 - 1 (only 8-byte arguments). */
  private argument(ai: number): number | bigint {
    const b = this.bytes;
    const p = this.pos;
    if (ai < 24) return ai;
    if (ai === 24) {
      this.pos = p + 1;
      return b[p]!;
    }
    if (ai === 25) {
      this.pos = p + 2;
      return (b[p]! << 8) | b[p + 1]!;
    }
    const hi = b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
    if (ai === 26) {
      this.pos = p + 4;
      return hi;
    }
    const lo = b[p + 4]! * 0x1000000 + ((b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!);
    this.pos = p + 8;
    // hi < 2^21 keeps hi * 2^32 + lo <= 2^53 - 1 (exact); larger values come back as bigint.
    return hi < 0x200000 ? hi * TWO_POW_32 + lo : (BigInt(hi) << 32n) | BigInt(lo);
  }

  read(): CborValue {
    const ib = this.bytes[this.pos++]!;
    const major = ib >> 5;
    const ai = ib & 0x1f;
    if (major === 7) return ai === 20 ? false : ai === 21 ? true : null; // scan allowed only f4/f5/f6
    const arg = this.argument(ai);
    switch (major) {
      case 0:
        return arg;
      case 1:
        // RFC 8949 §3.1: value = -1 - argument; beyond the safe range as bigint (docs/cbor.md).
        if (typeof arg === 'number' && arg < Number.MAX_SAFE_INTEGER) return -1 - arg;
        return -1n - BigInt(arg);
      case 2: {
        const n = arg as number; // scan bounded it by the input length
        const out = this.bytes.slice(this.pos, this.pos + n); // a fresh copy, never an alias
        this.pos += n;
        return out;
      }
      case 3:
        return this.text(arg as number);
      case 4: {
        const n = arg as number;
        const out: CborValue[] = new Array<CborValue>(n);
        for (let i = 0; i < n; i++) out[i] = this.read();
        return out;
      }
      default:
        return this.map(arg as number);
    }
  }

  private text(n: number): string {
    const start = this.pos;
    this.pos = start + n;
    // Fast path for short ASCII (map keys such as "fmt", "alg"): TextDecoder costs ~1 µs per call
    // on Node 20, more than the rest of a COSE key. ASCII is valid UTF-8 byte for byte.
    if (n <= ASCII_FAST_PATH_MAX) {
      const b = this.bytes;
      let s = '';
      let i = start;
      for (; i < start + n; i++) {
        const c = b[i]!;
        if (c >= 0x80) break;
        s += String.fromCharCode(c);
      }
      if (i === start + n) return s;
    }
    // RFC 8949 §3.1 major type 3 is UTF-8; we decode fatally (no U+FFFD replacement).
    const s = decodeUtf8(this.bytes.subarray(start, start + n));
    if (s === undefined) {
      throw new WebAuthnError('ERR_CBOR_INVALID_UTF8', 'CBOR text string is not valid UTF-8', { offset: start });
    }
    return s;
  }

  private map(n: number): CborMap {
    const out: CborMap = new Map();
    for (let i = 0; i < n; i++) {
      const keyAt = this.pos;
      const key = this.read();
      // Scan allowed only int/text keys; integer keys outside the safe range would be bigints,
      // which CborKey excludes (stricter than RFC 8949; no WebAuthn structure uses them).
      if (typeof key !== 'number' && typeof key !== 'string') {
        throw new WebAuthnError('ERR_CBOR_UNSUPPORTED_TYPE', 'CBOR map key integer is out of range', {
          offset: keyAt,
        });
      }
      // RFC 8949 §5.6 / CTAP 2.2 §8: no duplicate keys. Map identity keeps 1 and "1" apart.
      if (out.has(key)) {
        throw new WebAuthnError('ERR_CBOR_DUPLICATE_KEY', 'CBOR map has a duplicate key', { offset: keyAt });
      }
      out.set(key, this.read());
    }
    return out;
  }
}

function checkOffset(offset: unknown, length: number): number {
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > length) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'CBOR offset is out of range', {
      expected: `integer 0..${length}`,
      received: typeof offset === 'number' ? offset : typeof offset,
    });
  }
  return offset;
}

/**
 * Decodes one data item starting at `offset` and returns it with `end`, the offset just past it.
 * Bytes after `end` are left alone (authenticatorData: COSE key, then the extensions map).
 */
export function decodeCborPrefix(
  bytes: Uint8Array,
  offset: number,
  limits?: CborLimits,
): { value: CborValue; end: number } {
  const input = asPlainBytes(bytes);
  const start = checkOffset(offset, input.length);
  const end = scanItem(input, start, resolveLimits(limits));
  return { value: new Reader(input, start).read(), end };
}

/** Decodes exactly one data item that fills `bytes` (trailing bytes are rejected). */
export function decodeCbor(bytes: Uint8Array, limits?: CborLimits): CborValue {
  const input = asPlainBytes(bytes);
  const end = scanItem(input, 0, resolveLimits(limits));
  // Stricter than a stream decoder: the attestationObject and COSE keys are single items.
  if (end !== input.length) {
    throw new WebAuthnError('ERR_CBOR_TRAILING_BYTES', 'CBOR data has trailing bytes', {
      expected: end,
      received: input.length,
    });
  }
  return new Reader(input, 0).read();
}

export function isCborMap(value: unknown): value is CborMap {
  return value instanceof Map;
}
