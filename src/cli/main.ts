/**
 * The CLI's logic without I/O: `main(argv, io)` returns the exit code. src/cli.ts wires it to
 * process.argv, stdout/stderr and the file system; tests inject their own `io`. Everything it
 * prints goes through output.ts (one escaping path for human lines, one for JSON).
 *
 * Exit codes: 0 inspected / verified; 1 rejected with a WebAuthnError (verify) or a part that
 * failed to decode (inspect); 2 usage, I/O or malformed input file.
 */
import { isWebAuthnError } from '../errors.js';
import { parseArgs, UsageError, type ParsedArgs } from './args.js';
import { CaseFormatError } from './case.js';
import { inspect } from './inspect.js';
import { locateJsonError } from './json-error.js';
import { createPrinter, type Printer } from './output.js';
import { printVerdicts, readCases } from './verify-command.js';
import { runMetadata } from './metadata-command.js';
import { renderLines } from './view.js';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a file, or standard input for '-'. Rejects on I/O errors. */
  readInput(path: string): Promise<string>;
}

export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;

export const USAGE = `Usage:
  webauthn-verify inspect [--json] <file|->          decode a registration or authentication response (JSON)
  webauthn-verify verify  [--json] [--explain] <case.json|->  run the ceremony a case file describes (docs/api.md, CLI);
                                                     --explain prints the audit trail of every check
  webauthn-verify verify  [--json] <response.json|-> --challenge <b64url> --origin <origin> --rp-id <id> [options]
      options: --no-require-uv  --allow-cross-origin  --top-origin <origin>  --now <ISO date>
               --trust-anchors <pem file>  --alg <ids, e.g. -7,-8>
               authentication: --public-key <b64url COSE_Key> [--credential-id <b64url>] [--counter <n>]
  webauthn-verify metadata [--json] <blob.jwt> [--now <ISO date>] [--aaguid <uuid>]
                                                     verify a FIDO MDS3 BLOB; show one authenticator's entry
  webauthn-verify --help | --version

Exit codes: 0 inspected/verified, 1 rejected (WebAuthnError) or undecodable part, 2 usage/IO error.`;

/** Reads the input as text; undefined (after printing why) when it cannot. */
async function readText(io: CliIO, say: Printer, file: string): Promise<string | undefined> {
  try {
    return await io.readInput(file);
  } catch (e) {
    say.err(`webauthn-verify: cannot read ${file === '-' ? 'standard input' : file}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** Reads and parses the input; undefined (after printing why) when it cannot. */
async function readJson(io: CliIO, say: Printer, file: string): Promise<{ value: unknown } | undefined> {
  const name = file === '-' ? 'standard input' : file;
  const text = await readText(io, say, file);
  if (text === undefined) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    const at = locateJsonError(text);
    const where = at ? ` at line ${at.line}, column ${at.column} (offset ${at.offset}): ${at.reason}` : '';
    say.err(`webauthn-verify: ${name} is not valid JSON${where}`);
    return undefined;
  }
}

function runInspect(value: unknown, args: ParsedArgs, say: Printer): number {
  const result = inspect(value);
  if (args.json) say.json(result);
  else for (const line of renderLines(result.view)) say.out(line);
  if (result.errors.length === 0) return EXIT_OK;
  say.err(`webauthn-verify: could not decode every part: ${result.errors.join(', ')}`);
  return EXIT_REJECTED;
}

async function runVerify(value: unknown, args: ParsedArgs, io: CliIO, say: Printer): Promise<number> {
  try {
    const cases = await readCases(value, args, io.readInput);
    return await printVerdicts(cases, args, say);
  } catch (e) {
    if (e instanceof CaseFormatError) {
      say.err(`webauthn-verify: ${args.file === '-' ? 'standard input' : args.file}: ${e.message}`);
      return EXIT_USAGE;
    }
    if (isWebAuthnError(e)) {
      say.err(`webauthn-verify: ${e.code}: ${e.message}`);
      return EXIT_REJECTED;
    }
    throw e;
  }
}

export async function main(argv: readonly string[], io: CliIO, version = '0.0.0'): Promise<number> {
  const say = createPrinter(io);
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    say.err(`webauthn-verify: ${e.message}`);
    for (const line of USAGE.split('\n')) say.err(line);
    return EXIT_USAGE;
  }
  if ('help' in parsed) {
    for (const line of USAGE.split('\n')) say.out(line);
    return EXIT_OK;
  }
  if ('version' in parsed) {
    say.out(version);
    return EXIT_OK;
  }
  if (parsed.command === 'metadata') {
    const text = await readText(io, say, parsed.file);
    return text === undefined ? EXIT_USAGE : runMetadata(text, parsed, say);
  }
  const input = await readJson(io, say, parsed.file);
  if (!input) return EXIT_USAGE;
  return parsed.command === 'inspect' ? runInspect(input.value, parsed, say) : runVerify(input.value, parsed, io, say);
}
