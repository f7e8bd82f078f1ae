/**
 * Strict CBOR item scanner. It walks the heads of exactly one data item, builds no values and
 * allocates nothing per byte, and enforces the profile WebAuthn relies on: CTAP2 canonical CBOR
 * (CTAP 2.2 §8 "Message Encoding", "CTAP2 canonical CBOR encoding form"; WebAuthn L3 requires it for
 * credentialPublicKey in attested credential data, §6.5.1, and for authenticator extension outputs,
 * §9) on top of RFC 8949 well-formedness. docs/cbor.md has the table.
 *
 * The walk is iterative (an explicit stack of open containers), so 1e5-deep nesting is rejected
 * at `maxDepth` without recursion. The decoder (decode.ts) only runs on a range this scan accepted.
 */
import { WebAuthnError } from '../errors.js';

/** Resolved limits (decode.ts fills in defaults and validates them). */
export interface ScanOptions {
  maxDepth: number;
  maxItems: number;
  requireSortedKeys: boolean;
}

const TWO_POW_32 = 4294967296;

function truncated(at: number, needed: number, available: number): WebAuthnError {
  return new WebAuthnError('ERR_CBOR_TRUNCATED', 'CBOR data is truncated', { offset: at, needed, available });
}

/**
 * Compares two encoded map keys in CTAP2 canonical order (CTAP 2.2 §8, "CTAP2 canonical CBOR
 * encoding form"): lower major type first; then the shorter encoding; then bytewise. Without the
 * major-type rule this is RFC 7049 §3.9 "length-first"; the two differ only for maps mixing int
 * and text keys of different encoded lengths. Returns <0, 0 or >0.
 */
function compareKeys(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const majorDiff = (bytes[aStart]! >> 5) - (bytes[bStart]! >> 5);
  if (majorDiff !== 0) return majorDiff;
  const aLen = aEnd - aStart;
  const bLen = bEnd - bStart;
  if (aLen !== bLen) return aLen - bLen;
  for (let i = 0; i < aLen; i++) {
    const d = bytes[aStart + i]! - bytes[bStart + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The containers still open during one scan (index = depth, 1-based): children still to read,
 * whether it is a map, and the encoded range of the previous key (for the order and
 * adjacent-duplicate checks). One per scanItem call, reused for every item.
 */
interface OpenContainers {
  remaining: number[];
  isMap: boolean[];
  prevKeyStart: number[];
  prevKeyEnd: number[];
  depth: number;
}

function tooManyItems(limit: number, received: number): WebAuthnError {
  return new WebAuthnError('ERR_CBOR_TOO_LARGE', 'CBOR item count exceeds the limit', { expected: limit, received });
}

/**
 * Head step 1: the initial byte `ib` at `start`, before any argument is read. Refuses reserved and
 * indefinite-length forms, tags, keys of the wrong type and every simple value except
 * false/true/null. `bytes[start + 1]` is read only for a two-byte simple value.
 */
function checkInitialByte(bytes: Uint8Array, start: number, ib: number, isKey: boolean): void {
  const major = ib >> 5;
  const ai = ib & 0x1f;
  // RFC 8949 §3: additional information 28-30 is reserved (not well-formed).
  if (ai >= 28 && ai <= 30) {
    throw new WebAuthnError('ERR_CBOR_MALFORMED', 'CBOR head uses reserved additional information', {
      offset: start,
      received: ib,
    });
  }
  if (ai === 31) {
    // RFC 8949 §3.2: indefinite length is only defined for major types 2-5 and a break (0xff)
    // only inside one; CTAP2 canonical form (CTAP 2.2 §8) forbids indefinite lengths entirely.
    if (major >= 2 && major <= 5) {
      throw new WebAuthnError('ERR_CBOR_INDEFINITE_LENGTH', 'CBOR indefinite-length items are not allowed', {
        offset: start,
        received: ib,
      });
    }
    throw new WebAuthnError('ERR_CBOR_MALFORMED', 'CBOR break or indefinite marker outside an indefinite item', {
      offset: start,
      received: ib,
    });
  }
  // Profile: map keys are integers or text strings (CTAP2 and COSE keys use only these).
  if (isKey && major !== 0 && major !== 1 && major !== 3) {
    throw new WebAuthnError('ERR_CBOR_UNSUPPORTED_TYPE', 'CBOR map key must be an integer or a text string', {
      offset: start,
      received: major,
    });
  }
  if (major === 6) {
    // Profile: no tags (CTAP 2.2 §8: canonical CBOR in CTAP2 carries no tags).
    throw new WebAuthnError('ERR_CBOR_UNSUPPORTED_TYPE', 'CBOR tags are not supported', { offset: start, received: ib });
  }
  if (major === 7) checkSimpleValue(bytes, start, ib);
}

/** Major type 7 (head step 1, continued): only false (f4), true (f5) and null (f6) pass. */
function checkSimpleValue(bytes: Uint8Array, start: number, ib: number): void {
  const ai = ib & 0x1f;
  const pos = start + 1;
  if (ai === 24) {
    if (pos >= bytes.length) throw truncated(pos, 1, 0);
    // RFC 8949 §3.3: a two-byte simple value below 32 is not well-formed.
    if (bytes[pos]! < 32) {
      throw new WebAuthnError('ERR_CBOR_MALFORMED', 'CBOR two-byte simple value below 32 is not well-formed', {
        offset: start,
        received: bytes[pos],
      });
    }
  }
  // Profile: only false (f4), true (f5) and null (f6); no undefined, floats or other simple values.
  if (ai < 20 || ai > 22) {
    throw new WebAuthnError('ERR_CBOR_UNSUPPORTED_TYPE', 'CBOR simple value or float is not supported', {
      offset: start,
      received: ib,
    });
  }
}

/** Bytes that follow the initial byte for additional information `ai` (0-27): 0, 1, 2, 4 or 8. */
function argumentSize(ai: number): number {
  return ai < 24 ? 0 : 1 << (ai - 24);
}

/**
 * Head step 2: the argument of the head whose initial byte `ib` is at `start` (major types 0-5).
 * RFC 8949 §3; CTAP2 canonical form requires the shortest head (preferred serialization).
 */
function readArgument(bytes: Uint8Array, start: number, ib: number): number {
  const ai = ib & 0x1f;
  if (ai < 24) return ai;
  const pos = start + 1;
  const size = argumentSize(ai);
  const len = bytes.length;
  if (len - pos < size) throw truncated(pos, size, len - pos);
  let arg: number;
  let min: number;
  if (size === 1) {
    arg = bytes[pos]!;
    min = 24;
  } else if (size === 2) {
    arg = (bytes[pos]! << 8) | bytes[pos + 1]!;
    min = 0x100;
  } else if (size === 4) {
    arg = (bytes[pos]! * 0x1000000) + ((bytes[pos + 1]! << 16) | (bytes[pos + 2]! << 8) | bytes[pos + 3]!);
    min = 0x10000;
  } else {
    const hi = (bytes[pos]! * 0x1000000) + ((bytes[pos + 1]! << 16) | (bytes[pos + 2]! << 8) | bytes[pos + 3]!);
    const lo = (bytes[pos + 4]! * 0x1000000) + ((bytes[pos + 5]! << 16) | (bytes[pos + 6]! << 8) | bytes[pos + 7]!);
    // Not exact above 2^53, but only compared with lengths below 2^53, where rounding keeps order.
    arg = hi * TWO_POW_32 + lo;
    min = hi === 0 ? Infinity : 0; // hi === 0 means it fitted in 4 bytes
  }
  if (arg < min) {
    throw new WebAuthnError('ERR_CBOR_NON_CANONICAL', 'CBOR head is not in shortest form', {
      offset: start,
      received: ib,
    });
  }
  return arg;
}

/**
 * Containers: checks an array (major 4) or map (major 5) of `arg` entries whose head ends at `pos`
 * and, when it has children, opens it. Returns true when it was opened (the next head is its first
 * child), false when it is empty and so already complete.
 */
function openContainer(
  open: OpenContainers,
  bytes: Uint8Array,
  start: number,
  pos: number,
  major: number,
  arg: number,
  items: number,
  opts: ScanOptions,
): boolean {
  const len = bytes.length;
  const children = major === 5 ? arg * 2 : arg;
  // Each child needs at least one byte: reject impossible counts before walking them.
  if (children > len - pos) throw truncated(pos, children, len - pos);
  if (items + children > opts.maxItems) throw tooManyItems(opts.maxItems, items + children);
  const depth = open.depth;
  if (depth + 1 > opts.maxDepth) {
    throw new WebAuthnError('ERR_CBOR_DEPTH_EXCEEDED', 'CBOR nesting exceeds the depth limit', {
      expected: opts.maxDepth,
      offset: start,
    });
  }
  if (children === 0) return false;
  open.depth = depth + 1;
  open.remaining[depth + 1] = children;
  open.isMap[depth + 1] = major === 5;
  open.prevKeyStart[depth + 1] = -1;
  open.prevKeyEnd[depth + 1] = -1;
  return true;
}

/**
 * Key order: the key just completed, encoded at [start, end), against the previous key of the
 * same map. Keys are always scalars, so a key is complete as soon as its head is.
 */
function checkKeyOrder(open: OpenContainers, bytes: Uint8Array, start: number, end: number, requireSorted: boolean): void {
  const depth = open.depth;
  const ps = open.prevKeyStart[depth]!;
  if (ps >= 0) {
    const cmp = compareKeys(bytes, ps, open.prevKeyEnd[depth]!, start, end);
    // With shortest heads enforced, equal encodings <=> equal keys (int 1 and text "1" differ
    // in major type). Non-adjacent duplicates in unsorted maps are caught by the decoder.
    if (cmp === 0) {
      throw new WebAuthnError('ERR_CBOR_DUPLICATE_KEY', 'CBOR map has a duplicate key', { offset: start });
    }
    if (cmp > 0 && requireSorted) {
      // CTAP 2.2 §8: keys sorted by major type, then length, then bytewise (compareKeys).
      throw new WebAuthnError('ERR_CBOR_NON_CANONICAL', 'CBOR map keys are not in canonical order', {
        offset: start,
      });
    }
  }
  open.prevKeyStart[depth] = start;
  open.prevKeyEnd[depth] = end;
}

/** Closes every container that the item just completed. Returns true when the outermost item is done. */
function closeCompleted(open: OpenContainers): boolean {
  for (;;) {
    if (open.depth === 0) return true;
    const left = open.remaining[open.depth]! - 1;
    open.remaining[open.depth] = left;
    if (left > 0) return false;
    open.depth--;
  }
}

/**
 * Checks one item starting at `offset` and returns the offset just past it.
 * Throws WebAuthnError (ERR_CBOR_*) on the first violation.
 */
export function scanItem(bytes: Uint8Array, offset: number, opts: ScanOptions): number {
  const len = bytes.length;
  const open: OpenContainers = { remaining: [], isMap: [], prevKeyStart: [], prevKeyEnd: [], depth: 0 };
  let items = 0;
  let pos = offset;

  for (;;) {
    const start = pos;
    if (pos >= len) throw truncated(pos, 1, 0);
    if (++items > opts.maxItems) throw tooManyItems(opts.maxItems, items);
    const ib = bytes[pos++]!;
    const major = ib >> 5;
    const depth = open.depth;
    const isKey = depth > 0 && open.isMap[depth] === true && (open.remaining[depth]! & 1) === 0;
    checkInitialByte(bytes, start, ib, isKey);
    if (major !== 7) {
      const arg = readArgument(bytes, start, ib);
      pos += argumentSize(ib & 0x1f);
      if (major === 2 || major === 3) {
        // Declared length checked against what is left before anything is read or allocated.
        if (arg > len - pos) throw truncated(pos, arg, len - pos);
        pos += arg;
      } else if (major === 4 || major === 5) {
        if (openContainer(open, bytes, start, pos, major, arg, items, opts)) continue;
      }
    }
    // The item [start, pos) is complete.
    if (isKey) checkKeyOrder(open, bytes, start, pos, opts.requireSortedKeys);
    if (closeCompleted(open)) return pos;
  }
}
