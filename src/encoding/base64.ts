/**
 * Strict standard base64 (RFC 4648 §4) with mandatory padding, as JWS `x5c` (RFC 7515 §4.1.6) and
 * FIDO metadata statements carry DER certificates: no whitespace, no base64url characters, zero
 * pad bits. One decoder for every such field in the library.
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_LOOKUP[B64.charCodeAt(i)] = i;

/** Returns the bytes, or undefined when `text` is not canonical padded standard base64. */
export function decodeStandardBase64(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.length % 4 !== 0) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const body = text.length - pad;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_LOOKUP[c]! : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // Canonical: the unused low bits of the last character are zero.
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined;
  return o === out.length ? out : undefined;
}

/** Standard padded base64 of `bytes` (for messages and nonces; never on a hot path). */
export function encodeStandardBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
