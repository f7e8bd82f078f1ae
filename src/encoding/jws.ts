/**
 * A strict parser for the compact JWS serialisation (RFC 7515 §7.1), shared by the android-safetynet
 * statement (WebAuthn L3 §8.5) and the FIDO metadata BLOB (FIDO MDS v3.0 §3.1.7). It only parses;
 * the caller verifies the signature over `signingInput` with the key of `x5c[0]`, and raises its own
 * coded error through `fail`.
 *
 * Accepted: UTF-8 text of exactly three non-empty parts separated by ".", each canonical unpadded
 * base64url; a header that is a JSON object with a string `alg` and a non-empty `x5c` array of
 * standard-base64 DER certificates (RFC 7515 §4.1.6); a payload that is a JSON object. Rejected,
 * beyond RFC 7515: a `crit` header (we implement no extensions, and §4.1.11 says to reject then),
 * `alg: "none"`, input over the caller's size bound, and duplicate JSON member names.
 *
 * parseCompactJws parses all three parts (SafetyNet: a few KiB). splitCompactJws (the metadata BLOB,
 * up to 32 MiB) applies the same rules to the header and signature but leaves the payload as text
 * for parseJwsPayload, so no work is spent on an unsigned payload before its signature is checked.
 */
import { WebAuthnError } from '../errors.js';
import { decodeStandardBase64 } from './base64.js';
import { decodeBase64url } from './base64url.js';
import { decodeUtf8, encodeUtf8 } from './bytes.js';
import { parseStrictJsonObject } from './strict-json.js';

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

export interface JwsLimits {
  readonly maxBytes: number;
  /** Throws the caller's coded error; never returns. */
  readonly fail: (reason: string, received?: unknown, cause?: unknown) => never;
}

function decodePart(part: string, name: string, fail: JwsLimits['fail']): Uint8Array {
  try {
    return decodeBase64url(part, name);
  } catch (e) {
    if (e instanceof WebAuthnError) fail(`${name} is not canonical base64url`, undefined, e);
    throw e;
  }
}

function jsonPart(bytes: Uint8Array, name: string, fail: JwsLimits['fail']): Record<string, unknown> {
  const parsed = parseStrictJsonObject(bytes);
  if ('reason' in parsed) fail(`${name} ${parsed.reason}`);
  return parsed.value;
}

function readX5c(header: Record<string, unknown>, fail: JwsLimits['fail']): Uint8Array[] {
  const raw = header['x5c'];
  if (!Array.isArray(raw) || raw.length === 0) fail('header.x5c is not a non-empty array');
  return raw.map((entry: unknown, i: number) => {
    const der = typeof entry === 'string' ? decodeStandardBase64(entry) : undefined;
    if (der === undefined) fail('header.x5c entry is not standard base64', i);
    return der;
  });
}

interface JwsParts {
  readonly h: string;
  readonly p: string;
  readonly s: string;
}

/** The number of "." in `text`, without splitting it (a 32 MiB text of dots must not become 32M strings). */
function countDots(text: string): number {
  let n = 0;
  for (let i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) n++;
  return n;
}

/** RFC 7515 §7.1: size bound, UTF-8, exactly three non-empty dot-separated parts (still base64url text). */
function splitParts(input: Uint8Array | string, limits: JwsLimits): JwsParts {
  const fail: JwsLimits['fail'] = limits.fail;
  const size = input.length;
  if (size === 0) fail('empty');
  if (size > limits.maxBytes) fail('too large', size);
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  if (text === undefined) fail('not UTF-8');
  const first = text.indexOf('.');
  const second = first < 0 ? -1 : text.indexOf('.', first + 1);
  if (second < 0 || text.indexOf('.', second + 1) >= 0) fail('expected three dot-separated parts', countDots(text) + 1);
  const parts = { h: text.slice(0, first), p: text.slice(first + 1, second), s: text.slice(second + 1) };
  if (parts.h.length === 0 || parts.p.length === 0 || parts.s.length === 0) fail('empty part');
  return parts;
}

/** The header rules: `alg` a non-empty string and not "none", no `crit`, the chain in `x5c`. */
function checkHeader(header: Record<string, unknown>, fail: JwsLimits['fail']): { alg: string; x5c: Uint8Array[] } {
  const alg = header['alg'];
  if (typeof alg !== 'string' || alg.length === 0) fail('header.alg is not a non-empty string');
  // An unsigned JWS can never carry trust.
  if (alg === 'none') fail('header.alg is "none"');
  // RFC 7515 §4.1.11: a recipient that does not understand a critical extension must reject.
  if ('crit' in header) fail('header.crit is not supported');
  return { alg, x5c: readX5c(header, fail) };
}

/** Parses `input` (bytes or text) as a compact JWS; every defect goes through `limits.fail`. */
export function parseCompactJws(input: Uint8Array | string, limits: JwsLimits): ParsedJws {
  const fail: JwsLimits['fail'] = limits.fail;
  const { h, p, s } = splitParts(input, limits);
  const header = jsonPart(decodePart(h, 'header', fail), 'header', fail);
  const payload = jsonPart(decodePart(p, 'payload', fail), 'payload', fail);
  const signature = decodePart(s, 'signature', fail);
  const { alg, x5c } = checkHeader(header, fail);
  return { header, payload, alg, x5c, signingInput: encodeUtf8(`${h}.${p}`), signature };
}

/** A compact JWS with its header read and its payload still unread (splitCompactJws). */
export interface SplitJws extends Omit<ParsedJws, 'payload'> {
  /** The payload part as received (base64url text): decode it with parseJwsPayload once the signature verified. */
  readonly payloadPart: string;
}

export interface SplitJwsLimits extends JwsLimits {
  /** Bound on the header part (base64url characters), checked before it is decoded. */
  readonly maxHeaderChars: number;
}

/**
 * For large JWS (the metadata BLOB): everything parseCompactJws checks except the payload, which is
 * left as text, so a caller can check the chain and the signature over `signingInput` before it spends
 * any work on unsigned payload bytes. The header is bounded by `maxHeaderChars` before it is parsed.
 */
export function splitCompactJws(input: Uint8Array | string, limits: SplitJwsLimits): SplitJws {
  const fail: JwsLimits['fail'] = limits.fail;
  const { h, p, s } = splitParts(input, limits);
  if (h.length > limits.maxHeaderChars) fail('header too large', h.length);
  const header = jsonPart(decodePart(h, 'header', fail), 'header', fail);
  const signature = decodePart(s, 'signature', fail);
  const { alg, x5c } = checkHeader(header, fail);
  return { header, alg, x5c, signingInput: encodeUtf8(`${h}.${p}`), signature, payloadPart: p };
}

/** The payload part of a split JWS, decoded and parsed strictly (a JSON object, no duplicate member names). */
export function parseJwsPayload(payloadPart: string, fail: JwsLimits['fail']): Record<string, unknown> {
  return jsonPart(decodePart(payloadPart, 'payload', fail), 'payload', fail);
}
