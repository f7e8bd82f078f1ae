/**
 * A strict parser for the compact JWS (RFC 7515 §7.1) that an android-safetynet statement carries in
 * `response` (WebAuthn L3 §8.5). It only parses; the caller verifies the signature over
 * `signingInput` with the key of `x5c[0]`.
 *
 * Accepted: UTF-8 text of exactly three non-empty parts separated by ".", each canonical unpadded
 * base64url (src/encoding/base64url.ts); a header that is a JSON object with a string `alg` and a
 * non-empty `x5c` array of standard-base64 DER certificates (RFC 7515 §4.1.6); a payload that is a
 * JSON object. Rejected, beyond RFC 7515: a `crit` header (we implement no extensions, §4.1.11 says
 * to reject then), `alg: "none"`, a JWS over 64 KiB, and duplicate JSON member names in the header or
 * payload (JSON.parse would silently keep the last one).
 */
import { WebAuthnError } from '../errors.js';
import { decodeBase64url } from '../encoding/base64url.js';
import { decodeUtf8, encodeUtf8 } from '../encoding/bytes.js';

/** Real SafetyNet responses are 5–9 KB; anything far larger is not one. */
export const MAX_JWS_BYTES = 65_536;

export interface ParsedJws {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly alg: string;
  /** DER certificates from header.x5c, leaf first. */
  readonly x5c: readonly Uint8Array[];
  /** ASCII bytes of "base64url(header).base64url(payload)": what the signature covers. */
  readonly signingInput: Uint8Array;
  readonly signature: Uint8Array;
}

function invalid(reason: string, received?: unknown): never {
  throw new WebAuthnError('ERR_ATTESTATION_SAFETYNET_JWS_INVALID', 'SafetyNet response is not a valid compact JWS', {
    reason,
    received,
  });
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_LOOKUP[B64.charCodeAt(i)] = i;

/**
 * Strict standard base64 (RFC 4648 §4) with mandatory padding, as x5c uses: no whitespace, no
 * base64url characters, zero pad bits. Returns undefined when the text is not canonical.
 */
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

/** JSON.parse that rejects duplicate member names anywhere in the text, and non-objects at the top. */
function parseJsonObject(bytes: Uint8Array, part: string): Record<string, unknown> {
  const text = decodeUtf8(bytes);
  if (text === undefined) invalid(`${part} is not UTF-8`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    invalid(`${part} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(`${part} is not a JSON object`);
  if (hasDuplicateKeys(text)) invalid(`${part} has duplicate member names`);
  return value as Record<string, unknown>;
}

/**
 * Scans JSON text (already known to be valid) for an object with a repeated member name. Strings
 * are compared after JSON unescaping, so "a" and "\u0061" count as the same name.
 */
function hasDuplicateKeys(text: string): boolean {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      stack.push(null);
      expectKey = false;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      expectKey = false;
    } else if (ch === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    } else if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        const name = JSON.parse(text.slice(i, j + 1)) as string;
        const keys = stack[stack.length - 1]!;
        if (keys.has(name)) return true;
        keys.add(name);
        expectKey = false;
      }
      i = j;
    }
  }
  return false;
}

/** Parses `response` (the attStmt bytes) as a compact JWS. Throws ERR_ATTESTATION_SAFETYNET_JWS_INVALID. */
export function parseCompactJws(response: Uint8Array): ParsedJws {
  if (response.length === 0) invalid('empty');
  if (response.length > MAX_JWS_BYTES) invalid('too large', response.length);
  const text = decodeUtf8(response);
  if (text === undefined) invalid('not UTF-8');
  const parts = text.split('.');
  if (parts.length !== 3) invalid('expected three dot-separated parts', parts.length);
  const [h, p, s] = parts as [string, string, string];
  if (h.length === 0 || p.length === 0 || s.length === 0) invalid('empty part');
  let headerBytes: Uint8Array;
  let payloadBytes: Uint8Array;
  let signature: Uint8Array;
  try {
    headerBytes = decodeBase64url(h, 'jws.header');
    payloadBytes = decodeBase64url(p, 'jws.payload');
    signature = decodeBase64url(s, 'jws.signature');
  } catch (e) {
    throw new WebAuthnError(
      'ERR_ATTESTATION_SAFETYNET_JWS_INVALID',
      'SafetyNet response is not a valid compact JWS',
      { reason: 'part is not base64url' },
      { cause: e },
    );
  }
  const header = parseJsonObject(headerBytes, 'header');
  const payload = parseJsonObject(payloadBytes, 'payload');
  const alg = header['alg'];
  if (typeof alg !== 'string' || alg.length === 0) invalid('header.alg is not a non-empty string');
  // An unsigned JWS can never be an attestation.
  if (alg === 'none') invalid('header.alg is "none"');
  // RFC 7515 §4.1.11: a recipient that does not understand a critical extension must reject.
  if ('crit' in header) invalid('header.crit is not supported');
  const x5cRaw = header['x5c'];
  if (!Array.isArray(x5cRaw) || x5cRaw.length === 0) invalid('header.x5c is not a non-empty array');
  const x5c = x5cRaw.map((entry, i) => {
    const der = typeof entry === 'string' ? decodeStandardBase64(entry) : undefined;
    if (der === undefined) invalid('header.x5c entry is not standard base64', i);
    return der;
  });
  return {
    header,
    payload,
    alg,
    x5c,
    signingInput: encodeUtf8(`${h}.${p}`),
    signature,
  };
}
