import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, main, type CliIO } from '../src/cli/main.js';
import { inspect } from '../src/cli/inspect.js';
import { encodeBase64url } from '../src/encoding/base64url.js';
import { createAssertionResponse, createRegistrationResponse, createTestCredential } from '../src/testing/index.js';
import { REPO_ROOT, fixturePath } from './helpers/fixtures.js';

/** Runs main() with an in-memory file system; returns exit code and captured output. */
async function cli(argv: string[], files: Record<string, unknown> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readInput: async (p) => {
      if (p in files) return typeof files[p] === 'string' ? (files[p] as string) : JSON.stringify(files[p]);
      if (existsSync(p)) return readFileSync(p, 'utf8');
      throw new Error(`ENOENT: ${p}`);
    },
  };
  const code = await main(argv, io, '9.9.9');
  return { code, stdout, stderr };
}

const origin = 'https://cli.example';
const rpId = 'cli.example';
const challenge = encodeBase64url(new Uint8Array(32).fill(3));

async function ceremony() {
  const credential = await createTestCredential({ alg: -7 });
  const registration = await createRegistrationResponse({ credential, challenge, origin, rpId, fmt: 'packed', transports: ['usb'] });
  const assertion = await createAssertionResponse({ credential, challenge, origin, rpId });
  return { credential, registration, assertion };
}

describe('webauthn-verify CLI: usage', () => {
  it('prints help and version with exit 0', async () => {
    expect(await cli(['--help'])).toMatchObject({ code: EXIT_OK, stdout: expect.stringContaining('webauthn-verify inspect') });
    expect(await cli(['--version'])).toMatchObject({ code: EXIT_OK, stdout: '9.9.9\n' });
  });

  it.each([[[]], [['frobnicate', 'x']], [['inspect']], [['verify', 'a', 'b']], [['inspect', '--bogus']]])('usage error for %j', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toContain('Usage:');
  });

  it('I/O and JSON errors exit 2', async () => {
    expect((await cli(['inspect', '/nonexistent/file.json'])).code).toBe(EXIT_USAGE);
    const bad = await cli(['inspect', 'bad.json'], { 'bad.json': '{not json' });
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.stderr).toContain('cannot read bad.json');
  });
});

describe('webauthn-verify inspect', () => {
  it('annotates a registration response', async () => {
    const { registration, credential } = await ceremony();
    const r = await cli(['inspect', 'reg.json'], { 'reg.json': registration });
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toContain('ceremony: registration');
    expect(r.stdout).toContain('type: webauthn.create');
    expect(r.stdout).toContain(`origin: ${origin}`);
    expect(r.stdout).toContain('fmt: packed');
    expect(r.stdout).toContain('alg: -7 (ES256)');
    expect(r.stdout).toContain(`credentialId: ${encodeBase64url(credential.id)}`);
    expect(r.stdout).toContain('aaguid: 00000000-0000-0000-0000-000000000000');
    expect(r.stdout).toMatch(/kty: EC\b/);
    expect(r.stdout).toMatch(/crv: P-256/);
    expect(r.stdout).toMatch(/UP: true/);
  });

  it('annotates an assertion, as JSON with --json', async () => {
    const { assertion } = await ceremony();
    const r = await cli(['inspect', '--json', 'a.json'], { 'a.json': assertion });
    expect(r.code).toBe(EXIT_OK);
    const out = JSON.parse(r.stdout);
    expect(out.kind).toBe('authentication');
    expect(out.errors).toEqual([]);
    expect(out.view.clientData.type).toBe('webauthn.get');
    expect(out.view.authenticatorData.signCount).toBe(1);
    expect(out.view.authenticatorData.flags).toMatchObject({ UP: true, UV: true, AT: false });
    expect(out.view.signature.bytes).toBeGreaterThan(60);
  });

  it('shows the certificate chain of a real packed attestation', async () => {
    const file = fixturePath('webauthn', 'w3c-packed-es256-reg.json');
    const out = inspect(JSON.parse(readFileSync(file, 'utf8')));
    const att = out.view.attestation as { attStmt: { x5c?: { subject: string; sha256Fingerprint: string }[] } };
    expect(out.errors).toEqual([]);
    expect(att.attStmt.x5c?.[0]?.sha256Fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(att.attStmt.x5c?.[0]?.subject).toMatch(/=/);
  });

  it('reports undecodable parts with their code and exit 1, still showing the rest', async () => {
    const { assertion } = await ceremony();
    const broken = { ...assertion, response: { ...assertion.response, authenticatorData: 'AAAA' } };
    const r = await cli(['inspect', 'b.json'], { 'b.json': broken });
    expect(r.code).toBe(EXIT_REJECTED);
    expect(r.stdout).toContain('ERR_AUTH_DATA_TOO_SHORT');
    expect(r.stdout).toContain('type: webauthn.get');
    expect(r.stderr).toContain('ERR_AUTH_DATA_TOO_SHORT');
  });

  it('rejects something that is not a credential', async () => {
    const r = await cli(['inspect', 'x.json'], { 'x.json': { hello: 1 } });
    expect(r.code).toBe(EXIT_REJECTED);
    expect(r.stdout).toContain('ERR_RESPONSE_INVALID');
  });
});

describe('webauthn-verify verify', () => {
  it('verifies a registration case and an assertion case (exit 0)', async () => {
    const { registration, assertion, credential } = await ceremony();
    const expected = { challenge, origin, rpId, requireUserVerification: true };
    const reg = await cli(['verify', 'r.json'], { 'r.json': { id: 'gen-reg', ceremony: 'registration', response: registration, expected, result: { verified: true } } });
    expect(reg.code).toBe(EXIT_OK);
    expect(reg.stdout).toContain('VERIFIED registration gen-reg');
    expect(reg.stdout).toContain('fmt: packed');
    expect(reg.stdout).toContain('agrees');

    const stored = { id: encodeBase64url(credential.id), publicKey: encodeBase64url(credential.publicKey), counter: 0 };
    const auth = await cli(['verify', '--json', 'a.json'], { 'a.json': { id: 'gen-auth', ceremony: 'authentication', response: assertion, expected, credential: stored } });
    expect(auth.code).toBe(EXIT_OK);
    expect(JSON.parse(auth.stdout)).toMatchObject({ verified: true, result: { counter: 1, userVerified: true } });
  });

  it('prints the error code and exits 1 when the ceremony is rejected', async () => {
    const { registration } = await ceremony();
    const r = await cli(['verify', 'r.json'], {
      'r.json': { id: 'wrong-origin', ceremony: 'registration', response: registration, expected: { challenge, origin: 'https://evil.example', rpId }, result: { verified: false, why: 'origin' } },
    });
    expect(r.code).toBe(EXIT_REJECTED);
    expect(r.stdout).toContain('REJECTED registration wrong-origin: ERR_CLIENT_DATA_ORIGIN_MISMATCH');
    expect(r.stdout).toContain('rejected (origin); agrees');
  });

  it.each([
    ['not an object', []],
    ['bad ceremony', { ceremony: 'login', expected: {} }],
    ['no expected', { ceremony: 'registration' }],
    ['no challenge', { ceremony: 'registration', expected: { origin, rpId } }],
    ['bad now', { ceremony: 'registration', expected: { challenge, origin, rpId, now: 'yesterday' } }],
    ['assertion without credential', { ceremony: 'authentication', expected: { challenge, origin, rpId }, response: {} }],
  ])('malformed case file (%s) exits 2', async (_name, content) => {
    const r = await cli(['verify', 'c.json'], { 'c.json': content });
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toContain('c.json');
  });
});

describe('webauthn-verify verify on fixtures/webauthn', () => {
  it.each(['w3c-packed-es256-reg', 'w3c-packed-es256-auth', 'swa-none-wrong-origin-reg'])('%s: verdict agrees with the case', async (id) => {
    const file = fixturePath('webauthn', `${id}.json`);
    const expected = JSON.parse(readFileSync(file, 'utf8')).result.verified as boolean;
    const r = await cli(['verify', file]);
    expect(r.code).toBe(expected ? EXIT_OK : EXIT_REJECTED);
    expect(r.stdout).toContain('; agrees');
  });
});

const built = path.join(REPO_ROOT, 'dist', 'cli.js');
describe.skipIf(!existsSync(built))('the built bin (dist/cli.js; skipped until npm run build)', () => {
  it('runs as a process: version, stdin inspect, exit codes', async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const version = spawnSync(process.execPath, [built, '--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    const { assertion } = await ceremony();
    const viaStdin = spawnSync(process.execPath, [built, 'inspect', '-'], { input: JSON.stringify(assertion), encoding: 'utf8' });
    expect(viaStdin.status).toBe(0);
    expect(viaStdin.stdout).toContain('ceremony: authentication');
    const usage = spawnSync(process.execPath, [built], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });
});
