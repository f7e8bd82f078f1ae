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
  if (hasDuplicateMemberNames(text)) return { reason: 'has duplicate member names' };
  return { value: value as Record<string, unknown> };
}

/**
 * Scans JSON text (already known to be valid) for an object with a repeated member name, without
 * recursion. Names are compared after unescaping, so "a" and "\u0061" count as the same name.
 */
export function hasDuplicateMemberNames(text: string): boolean {
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
