/** `webauthn-verify metadata`: the real BLOB verified at a time inside its signer validity, refused today. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../../src/cli/main.js';
import { fixturePath } from '../../helpers/fixtures.js';

const BLOB = fixturePath('mds', 'mds3-blob-no20-2022-10.jwt');

async function cli(argv: string[], files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readInput: async (p) => files[p] ?? (existsSync(p) ? readFileSync(p, 'utf8') : Promise.reject(new Error(`ENOENT: ${p}`))),
  };
  return { code: await main(argv, io, '9.9.9'), stdout, stderr };
}

describe('webauthn-verify metadata', () => {
  it('prints serial, next update and entry count', async () => {
    const r = await cli(['metadata', BLOB, '--now', '2022-10-20']);
    expect([r.code, r.stdout.trim()]).toEqual([0, 'VERIFIED metadata BLOB: serial 20, next update 2022-11-01, 126 entries']);
  });

  it('shows one authenticator: description, status history, roots (and as JSON)', async () => {
    const r = await cli(['metadata', BLOB, '--now', '2022-10-20', '--aaguid', 'FA2B99DC-9E39-4257-8F92-4A30D23C4118']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/description: +YubiKey 5 Series with NFC/);
    expect(r.stdout).toMatch(/status history:\n {2}\d{4}-\d{2}-\d{2} {2}FIDO_CERTIFIED/);
    expect(r.stdout).toMatch(/attestation roots: 1\n {2}CN=Yubico U2F Root CA Serial 457200631 {2}sha256 [0-9a-f]{64} {2}until 2050/);
    const j = await cli(['metadata', '--json', BLOB, '--now', '2022-10-20', '--aaguid', 'fa2b99dc-9e39-4257-8f92-4a30d23c4118']);
    const parsed = JSON.parse(j.stdout);
    expect([parsed.no, parsed.entry.description, parsed.entry.attestationRoots[0].notAfter.slice(0, 4)]).toEqual([20, 'YubiKey 5 Series with NFC', '2050']);
  });

  it('an AAGUID the BLOB does not list exits 1', async () => {
    const r = await cli(['metadata', BLOB, '--now', '2022-10-20', '--aaguid', '00000000-0000-0000-0000-000000000001']);
    expect([r.code, r.stderr]).toEqual([1, 'webauthn-verify: AAGUID 00000000-0000-0000-0000-000000000001 is not listed in this BLOB\n']);
  });

  it('refuses the BLOB at today\'s date (its signer expired in 2023), naming the cause', async () => {
    const r = await cli(['metadata', BLOB]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^webauthn-verify: REJECTED ERR_METADATA_CHAIN_UNTRUSTED: .*\(ERR_X509_EXPIRED: /);
  });

  it('a tampered file is rejected, and a trailing newline from a download is tolerated by the CLI', async () => {
    const text = readFileSync(BLOB, 'utf8');
    const tampered = text.slice(0, 500) + (text[500] === 'A' ? 'B' : 'A') + text.slice(501);
    expect((await cli(['metadata', 'x.jwt', '--now', '2022-10-20'], { 'x.jwt': tampered })).code).toBe(1);
    expect((await cli(['metadata', 'y.jwt', '--now', '2022-10-20'], { 'y.jwt': `${text}\n` })).code).toBe(0);
  });

  it('usage errors: bad date, foreign options', async () => {
    expect((await cli(['metadata', BLOB, '--now', 'yesterday'])).code).toBe(2);
    const r = await cli(['metadata', BLOB, '--challenge', 'x']);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, 'webauthn-verify: metadata takes only --now, --aaguid and --json (got --challenge)']);
    expect((await cli(['inspect', BLOB, '--aaguid', 'x'])).code).toBe(2);
  });
});
