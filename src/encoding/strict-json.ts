/**
 * JSON for signed documents (JWS headers and payloads): fatal UTF-8, an object at the top, and no
 * repeated member name anywhere (RFC 8259 §4 leaves duplicates undefined; JSON.parse silently keeps
 * the last one, so a signer and a verifier could read different documents). Returns a reason
 * string instead of throwing, so each caller raises its own coded error.
 */
import { decodeUtf8 } from './bytes.js';

export type StrictJsonResult = { readonly value: Record<string, unknown> } | { readonly reason: string };

export function parseStrictJsonObject(bytes: Uint8Array): StrictJsonResult {
  const text = decodeUtf8(bytes);
  if (text === undefined) return { reason: 'is not UTF-8' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // SyntaxError, or RangeError for absurd nesting: either way not a JSON document we accept.
    return { reason: 'is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: 'is not a JSON object' };
  if (findDuplicateMemberName(text) !== undefined) return { reason: 'has duplicate member names' };
  return { value: value as Record<string, unknown> };
}

/**
 * The one duplicate-member-name scanner (JWS documents here, clientDataJSON in parse/client-data.ts).
 * Finds a member name repeated within one JSON object, at any depth, in text that JSON.parse has
 * already accepted, so the scan only tracks strings, nesting and which strings are names; no
 * recursion, and every loop is bounded by the text length. Names are compared after unescaping, so
 * "a" and "\u0061" count as the same name. Returns the first repeated name, or undefined.
 */
export function findDuplicateMemberName(text: string): string | undefined {
  const stack: Array<Set<string> | null> = []; // a Set per open object, null per open array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length; i++) {
        const c2 = text.charCodeAt(i);
        if (c2 === 0x5c /* \ */) i++;
        else if (c2 === 0x22) break;
      }
      if (expectKey) {
        const raw = text.slice(start, i + 1);
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        const keys = stack[stack.length - 1];
        if (keys) {
          if (keys.has(key)) return key;
          keys.add(key);
        }
        expectKey = false;
      }
    } else if (ch === 0x7b /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === 0x5b /* [ */) {
      stack.push(null);
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
    } else if (ch === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] != null;
    }
  }
  return undefined;
}
