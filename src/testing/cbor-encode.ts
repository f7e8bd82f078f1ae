/**
 * A small canonical CBOR encoder (RFC 8949 §4.2, with the CTAP2 canonical form of CTAP 2.2
 * §8 "Message Encoding" / "CTAP2 canonical CBOR encoding form"):
 *
 * - every head is minimal (shortest argument encoding, RFC 8949 §4.2.1);
 * - only definite lengths;
 * - map keys in CTAP2 canonical order: by major type first (so every integer key precedes every
 *   text key), then shorter encoding first, then bytewise. This differs from RFC 7049 §3.9
 *   "length-first" order only for maps that mix key types;
 * - no tags, no floats, no undefined.
 *
 * Supported values: integers (safe-integer `number` or `bigint`, within -2^64 .. 2^64-1), byte
 * strings (`Uint8Array`), text strings, arrays, `Map` (number/bigint/string/bytes keys) and plain
 * objects (string keys), booleans and null. Anything else throws ERR_CBOR_UNSUPPORTED_TYPE, and
 * duplicate keys after normalisation (e.g. `1` and `1n`) throw ERR_CBOR_DUPLICATE_KEY. Byte-string
 * map keys are encodable (tests use them to build hostile input) although our strict decoder
 * (src/cbor/decode.ts) refuses them; every other output is something that decoder accepts.
 *
 * Used by the software authenticator (src/testing/) and by tests; it is not on a verification path.
 */
import { WebAuthnError } from '../errors.js';

/** Values `encodeCbor` accepts. */
export type CborEncodable =
  | number
  | bigint
  | string
  | boolean
  | null
  | Uint8Array
  | readonly CborEncodable[]
  | ReadonlyMap<unknown, unknown>
  | { readonly [key: string]: unknown };

const MAX_DEPTH = 64;
const textEncoder = new TextEncoder();

/** Growable output buffer. */
class Writer {
  private buf = new Uint8Array(256);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  result(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.length);
  }
}

const TWO_64 = 1n << 64n;

/** RFC 8949 §3: head = major type (3 bits) + shortest argument encoding. */
function writeHead(w: Writer, major: number, arg: number | bigint): void {
  const mt = major << 5;
  if (typeof arg === 'number') {
    if (arg < 24) return w.byte(mt | arg);
    if (arg < 0x100) return (w.byte(mt | 24), w.byte(arg));
    if (arg < 0x10000) return (w.byte(mt | 25), w.byte(arg >>> 8), w.byte(arg & 0xff));
    if (arg < 0x100000000) {
      w.byte(mt | 26);
      for (let s = 24; s >= 0; s -= 8) w.byte((arg >>> s) & 0xff);
      return;
    }
    arg = BigInt(arg);
  }
  if (arg < 0x100000000n) return writeHead(w, major, Number(arg));
  w.byte(mt | 27);
  for (let s = 56n; s >= 0n; s -= 8n) w.byte(Number((arg >> s) & 0xffn));
}

function unsupported(reason: string, received: unknown): never {
  throw new WebAuthnError('ERR_CBOR_UNSUPPORTED_TYPE', 'Value cannot be encoded as canonical CBOR', {
    reason,
    received,
  });
}

function writeInteger(w: Writer, value: number | bigint): void {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    unsupported('not a safe integer (floats are not supported; use bigint for large values)', String(value));
  }
  const v = BigInt(value);
  // RFC 8949 §3.1: major 0 for n >= 0, major 1 carries -1 - n.
  if (v >= 0n) {
    if (v >= TWO_64) unsupported('integer out of range', v.toString());
    writeHead(w, 0, typeof value === 'number' ? value : v);
  } else {
    const arg = -1n - v;
    if (arg >= TWO_64) unsupported('integer out of range', v.toString());
    writeHead(w, 1, typeof value === 'number' ? -1 - value : arg);
  }
}

function compareEncodedKeys(a: Uint8Array, b: Uint8Array): number {
  // CTAP2 canonical order: major type first, then shorter encoding first, then bytewise.
  const major = (a[0]! >> 5) - (b[0]! >> 5);
  if (major !== 0) return major;
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function writeMap(w: Writer, entries: Iterable<[unknown, unknown]>, depth: number): void {
  const encoded: { key: Uint8Array; value: unknown }[] = [];
  for (const [key, value] of entries) {
    if (
      typeof key !== 'number' &&
      typeof key !== 'bigint' &&
      typeof key !== 'string' &&
      !(key instanceof Uint8Array)
    ) {
      unsupported('map key must be an integer, text string or byte string', typeof key);
    }
    const kw = new Writer();
    writeValue(kw, key, depth + 1);
    encoded.push({ key: kw.result(), value });
  }
  encoded.sort((x, y) => compareEncodedKeys(x.key, y.key));
  for (let i = 1; i < encoded.length; i++) {
    if (compareEncodedKeys(encoded[i - 1]!.key, encoded[i]!.key) === 0) {
      throw new WebAuthnError('ERR_CBOR_DUPLICATE_KEY', 'Map has two keys with the same encoding', {
        index: i,
      });
    }
  }
  writeHead(w, 5, encoded.length);
  for (const { key, value } of encoded) {
    w.bytes(key);
    writeValue(w, value, depth + 1);
  }
}

function writeValue(w: Writer, value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) unsupported('nesting too deep', depth);
  if (typeof value === 'number' || typeof value === 'bigint') return writeInteger(w, value);
  if (typeof value === 'string') {
    const bytes = textEncoder.encode(value);
    writeHead(w, 3, bytes.length);
    return w.bytes(bytes);
  }
  if (typeof value === 'boolean') return w.byte(value ? 0xf5 : 0xf4);
  if (value === null) return w.byte(0xf6);
  if (value instanceof Uint8Array) {
    writeHead(w, 2, value.length);
    return w.bytes(value);
  }
  if (Array.isArray(value)) {
    writeHead(w, 4, value.length);
    for (const item of value) writeValue(w, item, depth + 1);
    return;
  }
  if (value instanceof Map) return writeMap(w, value.entries(), depth);
  if (typeof value === 'object' && isPlainObject(value)) {
    const entries: [string, unknown][] = [];
    for (const key of Object.keys(value)) {
      // An own property holding undefined is treated as absent (JSON semantics).
      if (value[key] !== undefined) entries.push([key, value[key]]);
    }
    return writeMap(w, entries, depth);
  }
  unsupported('unsupported JavaScript type', value === undefined ? 'undefined' : typeof value);
}

/** Encodes `value` as one canonical CBOR data item (CTAP2 canonical form). */
export function encodeCbor(value: CborEncodable): Uint8Array<ArrayBuffer> {
  const w = new Writer();
  writeValue(w, value, 0);
  return w.result();
}
