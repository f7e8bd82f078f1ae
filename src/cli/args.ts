/**
 * Command-line parsing for the CLI: a subcommand, one file (or `-`), `--json`, and for `verify`
 * the expectation flags used with a plain response. Every mistake is a `UsageError` that says
 * what was wrong (main.ts prints it above the usage text).
 */

export class UsageError extends Error {}

export type Command = 'inspect' | 'verify' | 'metadata';

/** Flags that take a value; the repeatable ones collect every occurrence. */
const VALUE_FLAGS = ['--challenge', '--origin', '--rp-id', '--top-origin', '--now', '--trust-anchors', '--public-key', '--credential-id', '--counter', '--alg', '--aaguid'] as const;
const REPEATABLE = new Set<string>(['--origin', '--rp-id', '--top-origin', '--trust-anchors']);
const SWITCHES = ['--json', '--explain', '--no-require-uv', '--allow-cross-origin'] as const;

export interface ParsedArgs {
  command: Command;
  file: string;
  json: boolean;
  /** verify --explain: print each ceremony's audit trail (docs/security.md, "Auditing this library"). */
  explain: boolean;
  /** Value flags as given (without `--json`), e.g. { '--origin': ['https://a', 'https://b'] }. */
  values: Map<string, string[]>;
  switches: Set<string>;
}

export type Parsed = ParsedArgs | { help: true } | { version: true };

function takeOption(arg: string, next: string | undefined, out: ParsedArgs): boolean {
  const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
  if ((SWITCHES as readonly string[]).includes(name) && inline === undefined) {
    out.switches.add(name);
    return false;
  }
  if (!(VALUE_FLAGS as readonly string[]).includes(name)) throw new UsageError(`unknown option ${JSON.stringify(name)}`);
  const value = inline ?? next;
  if (value === undefined) throw new UsageError(`option ${name} needs a value`);
  const list = out.values.get(name) ?? [];
  if (list.length > 0 && !REPEATABLE.has(name)) throw new UsageError(`option ${name} given twice`);
  out.values.set(name, [...list, value]);
  return inline === undefined;
}

function commandOf(word: string | undefined): Command {
  if (word === 'inspect' || word === 'verify' || word === 'metadata') return word;
  if (word === undefined) throw new UsageError('no command given');
  if (word.startsWith('-')) throw new UsageError(`expected a command before ${JSON.stringify(word)}`);
  throw new UsageError(`unknown command ${JSON.stringify(word)} (expected inspect, verify or metadata)`);
}

/** Parses argv (without node and the script): the command first (a leading --json is allowed). Throws UsageError. */
export function parseArgs(argv: readonly string[]): Parsed {
  const first = argv[0];
  if (first === '--help' || first === '-h' || first === 'help') return { help: true };
  if (first === '--version' || first === '-v') return { version: true };
  const start = first === '--json' ? 1 : 0;
  const out: ParsedArgs = { command: commandOf(argv[start]), file: '', json: start === 1, explain: false, values: new Map(), switches: new Set() };
  const files: string[] = [];
  for (let i = start + 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('-') && arg !== '-') {
      if (takeOption(arg, argv[i + 1], out)) i++;
    } else files.push(arg);
  }
  if (files.length === 0) throw new UsageError(`${out.command}: no input file given (a path, or - for standard input)`);
  if (files.length > 1) throw new UsageError(`${out.command}: one input file expected, got ${files.length}`);
  out.file = files[0]!;
  if (out.switches.delete('--json')) out.json = true;
  if (out.switches.delete('--explain')) {
    if (out.command !== 'verify') throw new UsageError('--explain is a verify option');
    out.explain = true;
  }
  if (out.command === 'inspect' && (out.values.size > 0 || out.switches.size > 0)) {
    throw new UsageError('inspect takes no options other than --json');
  }
  const extra = [...out.values.keys(), ...out.switches].filter((f) => f !== '--now' && f !== '--aaguid');
  if (out.command === 'metadata' && extra.length > 0) throw new UsageError(`metadata takes only --now, --aaguid and --json (got ${extra[0]})`);
  if (out.command !== 'metadata' && out.values.has('--aaguid')) throw new UsageError('--aaguid is a metadata option');
  return out;
}
