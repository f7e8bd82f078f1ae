/**
 * The CLI's only way out. Every human line goes through `line()`, which escapes whatever a
 * terminal could act on, so a hostile response cannot move the cursor, rewrite an earlier line,
 * reorder text (bidi overrides) or start a new line of its own. `--json` goes through `json()`,
 * which escapes the same characters as `\uXXXX` (still valid JSON, parsing to the same values).
 * No node: APIs here; src/cli.ts supplies the writers.
 */

/**
 * What is escaped: every control character (C0, DEL, C1: \p{Cc}), every format character
 * (\p{Cf}: bidi embeddings/overrides/isolates U+202A–202E and U+2066–2069, marks U+061C, U+200E/F,
 * zero-width characters, BOM, tags…), the line and paragraph separators U+2028/2029 and lone
 * surrogates. In human output the backslash is escaped as well, so an escape in the output can
 * only have come from us.
 */
const TERMINAL_UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\\]/gu;
// JSON.stringify already escapes C0 (and lone surrogates) inside strings; the layout newlines are not in strings.
const JSON_UNSAFE = /[\u007F-\u009F\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

function hex4(codeUnit: number): string {
  return codeUnit.toString(16).toUpperCase().padStart(4, '0');
}

function escapeOne(ch: string): string {
  const short = SHORT_ESCAPES[ch];
  if (short !== undefined) return short;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp <= 0xff) return `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
  return cp <= 0xffff ? `\\u${hex4(cp)}` : `\\u{${cp.toString(16).toUpperCase()}}`;
}

/** One line of human output with every unsafe character made visible (never acted on). */
function escapeForTerminal(text: string): string {
  return text.replace(TERMINAL_UNSAFE, escapeOne);
}

/** JSON text with the characters JSON.stringify leaves raw (DEL, C1, Cf, U+2028/9) as \uxxxx (its own style). */
function escapeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE, (ch) => {
    let out = '';
    for (let i = 0; i < ch.length; i++) out += `\\u${hex4(ch.charCodeAt(i)).toLowerCase()}`;
    return out;
  });
}

export interface Writers {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface Printer {
  /** One line of human output on stdout (escaped; a newline is added). */
  out(text: string): void;
  /** One line on stderr (escaped; a newline is added). */
  err(text: string): void;
  /** A value as indented JSON on stdout (escaped as above). */
  json(value: unknown): void;
}

/** The one output path: `out`/`err` escape every line, `json` escapes the JSON text. */
export function createPrinter(io: Writers): Printer {
  return {
    out: (text) => io.stdout(`${escapeForTerminal(text)}\n`),
    err: (text) => io.stderr(`${escapeForTerminal(text)}\n`),
    json: (value) => io.stdout(`${escapeJsonText(JSON.stringify(value, null, 2))}\n`),
  };
}
