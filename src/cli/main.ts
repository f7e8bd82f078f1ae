/**
 * The CLI's logic without I/O: `main(argv, io)` returns the exit code. src/cli.ts wires it to
 * process.argv, stdout/stderr and the file system; tests inject their own `io`.
 *
 * Exit codes: 0 inspected / verified; 1 rejected with a WebAuthnError (verify) or a part that
 * failed to decode (inspect); 2 usage, I/O or malformed input file.
 */
import { isWebAuthnError } from '../errors.js';
import { inspect, renderView, type ViewValue } from './inspect.js';
import { CaseFormatError, verifyCase } from './verify.js';

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
  webauthn-verify inspect [--json] <file|->   decode a registration or authentication response (JSON)
  webauthn-verify verify  [--json] <case.json> run a ceremony from a vector-format case file
  webauthn-verify --help | --version

Exit codes: 0 inspected/verified, 1 rejected (WebAuthnError) or undecodable part, 2 usage/IO error.
`;

export async function main(argv: readonly string[], io: CliIO, version = '0.0.0'): Promise<number> {
  const args = argv.filter((a) => a !== '--json');
  const asJson = argv.includes('--json');
  const [command, file, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${version}\n`);
    return EXIT_OK;
  }
  if ((command !== 'inspect' && command !== 'verify') || file === undefined || rest.length > 0 || (file.startsWith('-') && file !== '-')) {
    io.stderr(USAGE);
    return EXIT_USAGE;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await io.readInput(file));
  } catch (e) {
    io.stderr(`webauthn-verify: cannot read ${file === '-' ? 'standard input' : file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }

  if (command === 'inspect') {
    const result = inspect(parsed);
    io.stdout(asJson ? `${JSON.stringify(result, null, 2)}\n` : renderView(result.view as ViewValue));
    if (result.errors.length > 0) {
      io.stderr(`webauthn-verify: could not decode every part: ${result.errors.join(', ')}\n`);
      return EXIT_REJECTED;
    }
    return EXIT_OK;
  }

  try {
    const verdict = await verifyCase(parsed);
    if (asJson) io.stdout(`${JSON.stringify(verdict, null, 2)}\n`);
    else {
      const name = verdict.id ?? file;
      if (verdict.verified) {
        io.stdout(`VERIFIED ${verdict.ceremony} ${name}\n${renderView(verdict.result ?? {}, '  ')}`);
      } else {
        io.stdout(`REJECTED ${verdict.ceremony} ${name}: ${verdict.code} (${verdict.message})\n`);
        if (verdict.details) io.stdout(renderView(verdict.details, '  '));
      }
      if (verdict.expected) {
        const agrees = verdict.expected.verified === verdict.verified;
        io.stdout(`case expects: ${verdict.expected.verified ? 'verified' : `rejected (${verdict.expected.why ?? 'no reason given'})`}; ${agrees ? 'agrees' : 'DISAGREES'}\n`);
      }
    }
    return verdict.verified ? EXIT_OK : EXIT_REJECTED;
  } catch (e) {
    if (e instanceof CaseFormatError) {
      io.stderr(`webauthn-verify: ${file}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (isWebAuthnError(e)) {
      io.stderr(`webauthn-verify: ${e.code}: ${e.message}\n`);
      return EXIT_REJECTED;
    }
    throw e;
  }
}
