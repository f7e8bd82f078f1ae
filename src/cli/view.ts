/**
 * The annotated view the CLI prints, and its bounds. A response file is hostile input, so every
 * walk over it is bounded: nesting depth, members per object/array, characters per string and
 * bytes per hex dump. Whatever a bound hides is replaced by a marker that says how much.
 * Members are copied with defineProperty, so a member named `__proto__` stays a member (plain
 * assignment would set the prototype instead and the member would vanish from the output).
 */
import { toHex } from '../encoding/bytes.js';

/** A node of the annotated view: plain JSON values, so `--json` can print it as is. */
export type View = { [key: string]: ViewValue };
export type ViewValue = string | number | boolean | null | View | ViewValue[];

/** Nesting levels shown; deeper values become a marker. */
export const MAX_DEPTH = 32;
/** Members shown per object or array; the rest are counted in a marker. */
export const MAX_MEMBERS = 1000;
/** Characters shown per string value (raw clientDataJSON, ids, extension values…). */
export const MAX_TEXT = 4096;
/** Bytes shown per hex dump (the `bytes` member always gives the full length). */
export const MAX_HEX_BYTES = 2048;

/** Sets `out[key] = value` as an own data property, `__proto__` included. */
export function setMember(out: View, key: string, value: ViewValue): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `text`, cut to MAX_TEXT characters with a marker that says how many were cut. */
export function clip(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [cut: ${text.length - max} of ${text.length} characters not shown]`;
}

/** Hex of at most MAX_HEX_BYTES bytes, with a marker when the value is longer. */
export function hexDump(bytes: Uint8Array): string {
  if (bytes.length <= MAX_HEX_BYTES) return toHex(bytes);
  return `${toHex(bytes.subarray(0, MAX_HEX_BYTES))}… [cut: ${bytes.length - MAX_HEX_BYTES} of ${bytes.length} bytes not shown]`;
}

const depthMarker = (): string => `[nested deeper than ${MAX_DEPTH} levels: not shown]`;
const moreMarker = (n: number): string => `[${n} more members not shown]`;

function entriesView(entries: Iterable<[unknown, unknown]>, depth: number): View {
  const out: View = {};
  let count = 0;
  for (const [k, v] of entries) {
    count++;
    if (count <= MAX_MEMBERS) setMember(out, clip(String(k), 256), toView(v, depth + 1));
  }
  if (count > MAX_MEMBERS) setMember(out, '…', moreMarker(count - MAX_MEMBERS));
  return out;
}

function arrayView(values: readonly unknown[], depth: number): ViewValue[] {
  const shown = values.slice(0, MAX_MEMBERS).map((v) => toView(v, depth + 1));
  if (values.length > MAX_MEMBERS) shown.push(moreMarker(values.length - MAX_MEMBERS));
  return shown;
}

/**
 * Any decoded value as a bounded view: bytes become { bytes, hex }, maps objects, bigints strings.
 * `depth` is the nesting level of `value` (callers start at 0).
 */
export function toView(value: unknown, depth = 0): ViewValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return clip(value);
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return clip(value.toString());
  if (value instanceof Uint8Array) return { bytes: value.length, hex: hexDump(value) };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value !== 'object') return clip(String(value));
  if (depth >= MAX_DEPTH) return depthMarker();
  if (Array.isArray(value)) return arrayView(value, depth);
  if (value instanceof Map) return entriesView(value.entries(), depth);
  return entriesView(Object.entries(value as Record<string, unknown>), depth);
}

/** Levels the renderer descends; views built by toView never reach it (a guard, not a feature). */
const MAX_RENDER_DEPTH = 2 * MAX_DEPTH;

function isNonEmpty(v: ViewValue): v is View | ViewValue[] {
  return v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

/** The renderer's own cap, a guard above MAX_TEXT so a value clipped by toView keeps its marker. */
const MAX_RENDERED_TEXT = MAX_TEXT + 128;

function scalarText(v: ViewValue): string {
  if (v === null || typeof v !== 'object') return clip(String(v), MAX_RENDERED_TEXT);
  return Array.isArray(v) ? '[]' : '{}';
}

/** The view as `key: value` lines, nested values indented by two spaces (unescaped: print via output.ts). */
export function renderLines(view: ViewValue, indent = ''): string[] {
  const lines: string[] = [];
  if (isNonEmpty(view)) renderInto(lines, view, indent, 0);
  else lines.push(`${indent}${scalarText(view)}`);
  return lines;
}

function renderInto(lines: string[], view: View | ViewValue[], indent: string, depth: number): void {
  if (depth >= MAX_RENDER_DEPTH) {
    lines.push(`${indent}${depthMarker()}`);
    return;
  }
  const entries: [string, ViewValue][] = Array.isArray(view) ? view.map((v, i) => [`[${i}]`, v]) : Object.entries(view);
  for (const [k, v] of entries) {
    if (isNonEmpty(v)) {
      lines.push(`${indent}${k}:`);
      renderInto(lines, v, `${indent}  `, depth + 1);
    } else lines.push(`${indent}${k}: ${scalarText(v)}`);
  }
}
