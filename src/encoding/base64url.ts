/**
 * Strict base64url (RFC 4648 §5) without padding, the form WebAuthn's JSON serialisation uses
 * (PublicKeyCredential.toJSON(), §5.1.8 / §5.1.10 "Base64URLString").
 *
 * Accepted: only the characters A–Z a–z 0–9 `-` `_`; no `=` padding, no whitespace, no `+` or `/`;
 * length mod 4 ≠ 1; and the unused low bits of the last character must be zero (canonical form), so
 * every byte string has exactly one accepted encoding. Stricter than atob and than most peers.
 *
 * The native `Uint8Array.fromBase64` is used when the runtime has it, after the same validation, so
 * both paths accept exactly the same inputs (tested on both).
 */
import { WebAuthnError } from '../errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

type NativeFromBase64 = (s: string, o: { alphabet: 'base64url'; lastChunkHandling: 'loose' }) => Uint8Array;
type NativeToBase64 = (this: Uint8Array, o: { alphabet: 'base64url'; omitPadding: true }) => string;

const nativeFrom = (Uint8Array as unknown as { fromBase64?: NativeFromBase64 }).fromBase64;
const nativeTo = (Uint8Array.prototype as unknown as { toBase64?: NativeToBase64 }).toBase64;

/** Which implementation the next calls use; tests switch it to cover both paths. */
let useNative = typeof nativeFrom === 'function' && typeof nativeTo === 'function';

/** @internal For tests: force the portable implementation (false) or the native one (true, if present). */
export function _setBase64urlNative(native: boolean): boolean {
  useNative = native && typeof nativeFrom === 'function' && typeof nativeTo === 'function';
  return useNative;
}

function invalid(field: string | undefined, reason: string, received: string): never {
  throw new WebAuthnError('ERR_BASE64URL_INVALID', 'Value is not canonical unpadded base64url', {
    field,
    reason,
    received,
  });
}

/**
 * Decodes canonical unpadded base64url. `field` names the input in error details.
 * Throws ERR_BASE64URL_NOT_STRING for non-strings and ERR_BASE64URL_INVALID for anything else off-spec.
 */
export function decodeBase64url(value: unknown, field?: string): Uint8Array<ArrayBuffer> {
  if (typeof value !== 'string') {
    throw new WebAuthnError('ERR_BASE64URL_NOT_STRING', 'Expected a base64url string', {
      field,
      received: typeof value,
    });
  }
  const n = value.length;
  if (n % 4 === 1) invalid(field, 'length', value);
  const rem = n % 4;
  if (useNative) {
    checkAlphabet(value, field);
    // Canonical form: the bits past the last whole byte must be zero.
    const lastValue = n === 0 ? 0 : LOOKUP[value.charCodeAt(n - 1)]!;
    if ((rem === 2 && (lastValue & 0x0f) !== 0) || (rem === 3 && (lastValue & 0x03) !== 0)) {
      invalid(field, 'non-canonical trailing bits', value);
    }
    return new Uint8Array(nativeFrom!(value, { alphabet: 'base64url', lastChunkHandling: 'loose' }));
  }
  // One pass that validates and decodes (the login path decodes ~1 KB of base64url per call).
  // A character ≥ 128 makes the OR of the four codes ≥ 128; a character outside the alphabet
  // looks up -1, which makes the OR of the four values negative.
  const out = new Uint8Array(((n * 3) >> 2));
  let o = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const c0 = value.charCodeAt(i);
    const c1 = value.charCodeAt(i + 1);
    const c2 = value.charCodeAt(i + 2);
    const c3 = value.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 127) invalid(field, 'character', value);
    const v0 = LOOKUP[c0]!;
    const v1 = LOOKUP[c1]!;
    const v2 = LOOKUP[c2]!;
    const v3 = LOOKUP[c3]!;
    if ((v0 | v1 | v2 | v3) < 0) invalid(field, 'character', value);
    const x = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
    out[o++] = x >> 16;
    out[o++] = (x >> 8) & 0xff;
    out[o++] = x & 0xff;
  }
  if (rem !== 0) {
    const c0 = value.charCodeAt(i);
    const c1 = value.charCodeAt(i + 1);
    const c2 = rem === 3 ? value.charCodeAt(i + 2) : 65; // 'A' (value 0) stands in for the absent char
    if ((c0 | c1 | c2) > 127) invalid(field, 'character', value);
    const v0 = LOOKUP[c0]!;
    const v1 = LOOKUP[c1]!;
    const v2 = LOOKUP[c2]!;
    if ((v0 | v1 | v2) < 0) invalid(field, 'character', value);
    // Canonical form: the bits past the last whole byte must be zero.
    if ((rem === 2 && (v1 & 0x0f) !== 0) || (rem === 3 && (v2 & 0x03) !== 0)) {
      invalid(field, 'non-canonical trailing bits', value);
    }
    const x = (v0 << 18) | (v1 << 12) | (v2 << 6);
    out[o++] = x >> 16;
    if (rem === 3) out[o++] = (x >> 8) & 0xff;
  }
  return out;
}

function checkAlphabet(value: string, field: string | undefined): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 127 || LOOKUP[c]! < 0) invalid(field, 'character', value);
  }
}

/** Encodes bytes as unpadded base64url. */
export function encodeBase64url(bytes: Uint8Array): string {
  if (useNative) return nativeTo!.call(bytes, { alphabet: 'base64url', omitPadding: true });
  let s = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 3 <= n; i += 3) {
    const x = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += ALPHABET[x >> 18]! + ALPHABET[(x >> 12) & 63]! + ALPHABET[(x >> 6) & 63]! + ALPHABET[x & 63]!;
  }
  if (n - i === 1) {
    const x = bytes[i]! << 16;
    s += ALPHABET[x >> 18]! + ALPHABET[(x >> 12) & 63]!;
  } else if (n - i === 2) {
    const x = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += ALPHABET[x >> 18]! + ALPHABET[(x >> 12) & 63]! + ALPHABET[(x >> 6) & 63]!;
  }
  return s;
}

/** True when `value` is a string that decodeBase64url would accept. */
export function isBase64url(value: unknown): value is string {
  try {
    decodeBase64url(value);
    return true;
  } catch {
    return false;
  }
}
