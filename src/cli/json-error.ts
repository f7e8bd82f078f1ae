/**
 * Where a text stops being JSON (RFC 8259), for the CLI's "not valid JSON" message: V8's own
 * messages give a position only for some errors and quote the (hostile) input for others.
 * Iterative (an explicit stack), so deeply nested input cannot overflow the call stack. It is only
 * a locator: JSON.parse stays the parser.
 */

export interface JsonErrorPlace {
  offset: number;
  line: number;
  column: number;
  reason: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]+|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;
const WHITESPACE = /[ \t\n\r]*/y;

function matchAt(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/** The offset of the first error in `text`, with a short reason; undefined when it is valid JSON. */
function firstError(text: string): { offset: number; reason: string } | undefined {
  const stack: ('[' | '{')[] = [];
  let i = 0;
  // 'value': a value must come; 'key': a member name ('}' allowed when `empty`); 'after': ',' or a closer.
  let want: 'value' | 'key' | 'after' = 'value';
  let empty = false;
  for (;;) {
    i = matchAt(WHITESPACE, text, i);
    const ch = text[i];
    if (ch === undefined) return stack.length === 0 && want === 'after' ? undefined : { offset: i, reason: 'unexpected end of input' };
    if (want === 'after') {
      if (stack.length === 0) return { offset: i, reason: 'unexpected text after the JSON value' };
      const top = stack[stack.length - 1]!;
      if (ch === ',') [want, empty, i] = [top === '{' ? 'key' : 'value', false, i + 1];
      else if (ch === (top === '{' ? '}' : ']')) [stack.length, i] = [stack.length - 1, i + 1];
      else return { offset: i, reason: `expected ',' or '${top === '{' ? '}' : ']'}'` };
      continue;
    }
    if ((want === 'key' || want === 'value') && empty && ch === (stack[stack.length - 1] === '{' ? '}' : ']')) {
      [stack.length, want, empty, i] = [stack.length - 1, 'after', false, i + 1];
      continue;
    }
    if (want === 'key') {
      const end = matchAt(STRING, text, i);
      if (end < 0) return { offset: i, reason: ch === '"' ? 'bad string' : 'expected a member name in double quotes' };
      const colon = matchAt(WHITESPACE, text, end);
      if (text[colon] !== ':') return { offset: colon, reason: "expected ':'" };
      [want, empty, i] = ['value', false, colon + 1];
      continue;
    }
    if (ch === '[' || ch === '{') {
      stack.push(ch);
      [want, empty, i] = [ch === '{' ? 'key' : 'value', true, i + 1];
      continue;
    }
    const end = Math.max(matchAt(STRING, text, i), matchAt(NUMBER, text, i), matchAt(LITERAL, text, i));
    if (end < 0) return { offset: i, reason: ch === '"' ? 'bad string (control character or bad escape)' : 'expected a value' };
    [want, empty, i] = ['after', false, end];
  }
}

/** Line and column (1-based) of the first error in `text`, or undefined when it is valid JSON. */
export function locateJsonError(text: string): JsonErrorPlace | undefined {
  const err = firstError(text);
  if (!err) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < err.offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { ...err, line, column: err.offset - lineStart + 1 };
}
