#!/usr/bin/env node
/**
 * The `webauthn-verify` command (package.json "bin"). Node-only: it is the one file in src/ that
 * uses node: APIs, excluded from the web-standard tsconfig and from jsr.json. The logic is in
 * src/cli/main.ts; this file only does I/O and the exit code.
 */
import { readFile } from 'node:fs/promises';
import { main } from './cli/main.js';

async function readInput(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const VERSION = '0.1.0';

main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), readInput }, VERSION).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`webauthn-verify: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
