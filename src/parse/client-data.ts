/**
 * clientDataJSON (WebAuthn L3 §5.8.1 CollectedClientData, §7.1 steps 5–11, §7.2 steps 8–14).
 *
 * Stricter than the spec where the spec is silent: UTF-8 is decoded fatally (the spec's "UTF-8
 * decode" replaces ill-formed sequences with U+FFFD; we refuse them, as the bytes are hashed and
 * signed and a lossy decode would check something other than what was signed), and a JSON object
 * that repeats a key is refused (JSON.parse keeps the last one, so "type" could be read differently
 * by two parsers). Extra members are allowed, as §5.8.1 requires.
 */
import { WebAuthnError } from '../errors.js';
import { decodeUtf8 } from '../encoding/bytes.js';
// The duplicate-name scan is shared with JWS documents; the rest of parseStrictJsonObject is not
// used here because clientDataJSON needs its own size limit, the one leading BOM that UTF-8 decode
// removes, an ERR_CLIENT_DATA_* code per failure, and the repeated name in the error details.
import { findDuplicateMemberName } from '../encoding/strict-json.js';

/** Upper bound for clientDataJSON; real clients send a few hundred bytes. */
export const MAX_CLIENT_DATA_JSON_BYTES = 32 * 1024;

export interface CollectedClientData {
  readonly type: string;
  /** base64url of the challenge, as the client wrote it. */
  readonly challenge: string;
  readonly origin: string;
  /** Absent and false are the same for the checks; `undefined` means the member was absent. */
  readonly crossOrigin: boolean | undefined;
  readonly topOrigin: string | undefined;
  /**
   * Token Binding (L2 §5.8.1) is no longer verified by WebAuthn L3, which reserves the member; we
   * expose a well-formed value for information and never reject on it (docs/security.md).
   */
  readonly tokenBinding: { readonly status: string; readonly id?: string } | undefined;
}

/** Parses and types clientDataJSON bytes. Throws ERR_CLIENT_DATA_* on any malformation. */
export function parseClientDataJSON(bytes: Uint8Array): CollectedClientData {
  if (bytes.length > MAX_CLIENT_DATA_JSON_BYTES) {
    throw new WebAuthnError('ERR_CLIENT_DATA_TOO_LARGE', 'clientDataJSON exceeds the size limit', {
      expected: MAX_CLIENT_DATA_JSON_BYTES,
      received: bytes.length,
    });
  }
  // §7.1 step 5 / §7.2 step 8: JSONtext = UTF-8 decode(clientDataJSON) — fatally, see the file
  // comment. UTF-8 decode (WHATWG Encoding §6) removes one leading byte-order mark, so we do too; the
  // signature and the hash still cover the bytes as sent (docs/security.md "Interoperability").
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = decodeUtf8(hasBom ? bytes.subarray(3) : bytes);
  if (text === undefined) {
    throw new WebAuthnError('ERR_CLIENT_DATA_INVALID_UTF8', 'clientDataJSON is not valid UTF-8');
  }
  // §7.1 step 6 / §7.2 step 9: C = the result of running an implementation-specific JSON parser on JSONtext.
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WebAuthnError('ERR_CLIENT_DATA_INVALID_JSON', 'clientDataJSON is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WebAuthnError('ERR_CLIENT_DATA_INVALID_JSON', 'clientDataJSON is not a JSON object');
  }
  const duplicate = findDuplicateMemberName(text);
  if (duplicate !== undefined) {
    throw new WebAuthnError('ERR_CLIENT_DATA_DUPLICATE_KEY', 'clientDataJSON repeats a member name', {
      received: duplicate,
    });
  }
  const c = parsed as Record<string, unknown>;
  const type = requireString(c, 'type');
  const challenge = requireString(c, 'challenge');
  const origin = requireString(c, 'origin');
  const crossOrigin = c.crossOrigin;
  if (crossOrigin !== undefined && typeof crossOrigin !== 'boolean') {
    throw new WebAuthnError('ERR_CLIENT_DATA_FIELD_INVALID', 'clientDataJSON member has the wrong type', {
      field: 'crossOrigin',
      received: typeof crossOrigin,
    });
  }
  const topOrigin = c.topOrigin;
  if (topOrigin !== undefined && (typeof topOrigin !== 'string' || topOrigin === '')) {
    throw new WebAuthnError('ERR_CLIENT_DATA_FIELD_INVALID', 'clientDataJSON member has the wrong type', {
      field: 'topOrigin',
      received: typeof topOrigin,
    });
  }
  return { type, challenge, origin, crossOrigin, topOrigin, tokenBinding: readTokenBinding(c.tokenBinding) };
}

function requireString(c: Record<string, unknown>, field: 'type' | 'challenge' | 'origin'): string {
  const value = c[field];
  // §5.8.1: type, challenge and origin are required DOMStrings; an empty one can match nothing.
  if (typeof value !== 'string' || value === '') {
    throw new WebAuthnError('ERR_CLIENT_DATA_FIELD_INVALID', 'clientDataJSON member is missing, empty or not a string', {
      field,
      received: value === undefined ? 'missing' : typeof value,
    });
  }
  return value;
}

function readTokenBinding(value: unknown): CollectedClientData['tokenBinding'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const { status, id } = value as { status?: unknown; id?: unknown };
  if (typeof status !== 'string') return undefined;
  return typeof id === 'string' ? { status, id } : { status };
}

/**
 * @internal The shared scanner under the name test/unit/parse/client-data.test.ts imports; the
 * parser itself calls findDuplicateMemberName (src/encoding/strict-json.ts) directly.
 */
export { findDuplicateMemberName as findDuplicateKey };
