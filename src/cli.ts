#!/usr/bin/env node
/**
 * The `webauthn-verify` command (package.json "bin"). Node-only: it is the one file in src/ that
 * uses node: APIs, excluded from the web-standard tsconfig and from jsr.json. The logic is in
 * src/cli/main.ts; this file only does I/O and the exit code.
 */
import { readFile } from 'node:fs/promises';
import { main } from './cli/main.js';
import { createPrinter } from './cli/output.js';

async function readInput(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const VERSION = '0.1.0';

// A reader that went away (`… | head`) is not an error: stop writing and exit as usual, quietly.
let stdoutClosed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') {
    stdoutClosed = true;
    return;
  }
  process.stderr.write(`webauthn-verify: cannot write the output: ${e.code ?? e.message}\n`);
  process.exit(2);
});

const io = {
  stdout: (t: string) => void (stdoutClosed || process.stdout.write(t)),
  stderr: (t: string) => void process.stderr.write(t),
  readInput,
};

main(process.argv.slice(2), io, VERSION).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const say = createPrinter(io);
    for (const line of `internal error: ${e instanceof Error ? e.stack : String(e)}`.split('\n')) say.err(`webauthn-verify: ${line}`);
    process.exitCode = 2;
  },
);
