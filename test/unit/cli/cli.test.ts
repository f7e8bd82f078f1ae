import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, main, type CliIO } from '../../../src/cli/main.js';
import { inspect } from '../../../src/cli/inspect.js';
import { encodeBase64url } from '../../../src/encoding/base64url.js';
import { createAssertionResponse, createAttestationChain, createRegistrationResponse, createTestCredential } from '../../../src/testing/index.js';
import { REPO_ROOT, fixturePath, loadFixtureVectors, loadWebAuthnVectors, type VectorCase } from '../../helpers/fixtures.js';
import { DISPUTED as DISPUTED_TABLE, type DisputedCase } from '../../helpers/disputed.js';

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

  it('says what was wrong above the usage text', async () => {
    expect((await cli(['frobnicate', 'x'])).stderr).toMatch(/^webauthn-verify: unknown command "frobnicate" \(expected inspect, verify or metadata\)\nUsage:/);
    expect((await cli([])).stderr).toMatch(/^webauthn-verify: no command given\n/);
    expect((await cli(['inspect'])).stderr).toContain('inspect: no input file given');
    expect((await cli(['verify', 'a', 'b'])).stderr).toContain('verify: one input file expected, got 2');
    expect((await cli(['inspect', '--bogus', 'a'])).stderr).toContain('unknown option "--bogus"');
    expect((await cli(['verify', 'a', '--challenge'])).stderr).toContain('option --challenge needs a value');
    expect((await cli(['inspect', '--origin', 'https://x', 'a'])).stderr).toContain('inspect takes no options other than --json');
  });

  it('I/O errors say "cannot read"; invalid JSON says "not valid JSON" with the position (exit 2)', async () => {
    const missing = await cli(['inspect', '/nonexistent/file.json']);
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.stderr).toContain('cannot read /nonexistent/file.json');
    const bad = await cli(['inspect', 'bad.json'], { 'bad.json': '{not json' });
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.stderr).toBe('webauthn-verify: bad.json is not valid JSON at line 1, column 2 (offset 1): expected a member name in double quotes\n');
    const later = await cli(['verify', 'c.json'], { 'c.json': '{\n  "id": "x",\n  "expected": {"a": 1,}\n}' });
    expect(later.stderr).toContain('c.json is not valid JSON at line 3, column 23 (offset 37): expected a member name in double quotes');
    const cut = await cli(['verify', 'c.json'], { 'c.json': '[1, 2' });
    expect(cut.stderr).toContain('not valid JSON at line 1, column 6 (offset 5): unexpected end of input');
    const trailing = await cli(['verify', 'c.json'], { 'c.json': '{} {}' });
    expect(trailing.stderr).toContain('at line 1, column 4 (offset 3): unexpected text after the JSON value');
    const control = await cli(['verify', 'c.json'], { 'c.json': '["a\u001b[2J"]' });
    expect(control.stderr).toContain('at line 1, column 2 (offset 1): bad string (control character or bad escape)');
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

/**
 * Issue 11 finding 9: `verify` must honour everything a case carries (algorithms, UV, now,
 * cross-origin/top origin, trust anchors, stored credential) and agree with its `result`, field by
 * field. Run on every vector case, loaded through the test helpers.
 */
describe('webauthn-verify verify agrees with every vector case', () => {
  /** The DISPUTED table of docs/security.md (test/helpers/disputed.ts): the case states one verdict, L3 gives the other. */
  const DISPUTED: Readonly<Record<string, DisputedCase>> = Object.fromEntries(DISPUTED_TABLE);
  const cases: VectorCase[] = [...loadWebAuthnVectors(), ...loadFixtureVectors()];

  it('loads the vector corpus and our own fixtures', () => {
    expect(loadWebAuthnVectors().length).toBe(67);
    expect(loadFixtureVectors().length).toBeGreaterThanOrEqual(28);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const r = await cli(['verify', '--json', 'case.json'], { 'case.json': c });
    const verdict = JSON.parse(r.stdout);
    const disputed = DISPUTED[c.id];
    if (disputed !== undefined) {
      const weVerify = disputed.weSay === 'verified';
      expect(verdict).toMatchObject({ verified: weVerify, ...(weVerify ? {} : { code: disputed.code }), expected: { verified: !weVerify, agrees: false } });
      return;
    }
    expect(verdict.expected, JSON.stringify(verdict)).toMatchObject({ verified: c.result.verified, agrees: true, differences: [] });
    expect(verdict.verified).toBe(c.result.verified);
    expect(r.code).toBe(c.result.verified ? EXIT_OK : EXIT_REJECTED);
  });

  it('a case file holding an array of cases runs each (exit 1 when any is rejected)', async () => {
    const pair = cases.filter((c) => c.id === 'w3c-packed-es256-reg' || c.id === 'swa-none-wrong-origin-reg');
    const r = await cli(['verify', 'many.json'], { 'many.json': pair });
    expect(r.code).toBe(EXIT_REJECTED);
    expect(r.stdout).toMatch(/^VERIFIED registration w3c-packed-es256-reg$/m);
    expect(r.stdout).toMatch(/^REJECTED registration swa-none-wrong-origin-reg: ERR_CLIENT_DATA_ORIGIN_MISMATCH/m);
    expect(r.stdout.match(/; agrees$/gm)).toHaveLength(2);
  });

  it('reports a field the run contradicts, and honours the case\'s own UV and algorithm expectations', async () => {
    const es384 = cases.find((c) => c.id === 'w3c-packed-es384-reg')!;
    const wrongCounter = { ...es384, result: { ...es384.result, counter: 7 } };
    const r = await cli(['verify', 'c.json'], { 'c.json': wrongCounter });
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toContain('case expects: verified; DISAGREES: counter: expected 7, got 0');
    // Without the case's requireUserVerification:false the library default (true) applies.
    const u2f = cases.find((c) => c.id === 'w3c-fido-u2f-es256-reg')!;
    const strict = await cli(['verify', 'c.json'], { 'c.json': { ...u2f, expected: { ...u2f.expected, requireUserVerification: undefined } } });
    expect(strict.stdout).toContain('ERR_AUTH_DATA_USER_VERIFICATION_REQUIRED');
  });
});

describe('webauthn-verify verify on a plain response with flags', () => {
  it('verifies a registration and then an assertion from flags (exit 0)', async () => {
    const { registration, assertion, credential } = await ceremony();
    const reg = await cli(['verify', 'r.json', '--challenge', challenge, '--origin', origin, '--rp-id', rpId], { 'r.json': registration });
    expect(reg.code, reg.stderr).toBe(EXIT_OK);
    expect(reg.stdout).toMatch(/^VERIFIED registration r\.json$/m);
    const key = encodeBase64url(credential.publicKey);
    const auth = await cli(['verify', '--json', 'a.json', `--challenge=${challenge}`, '--origin', 'https://other.example', '--origin', origin, '--rp-id', rpId, '--public-key', key, '--counter', '0'], { 'a.json': assertion });
    expect(auth.code, auth.stderr).toBe(EXIT_OK);
    expect(JSON.parse(auth.stdout)).toMatchObject({ verified: true, result: { counter: 1, alg: -7 } });
  });

  it('rejects with the code when a flag does not match (exit 1), and honours --no-require-uv / --credential-id / --alg', async () => {
    const { registration, assertion, credential } = await ceremony();
    const wrong = await cli(['verify', 'r.json', '--challenge', challenge, '--origin', 'https://evil.example', '--rp-id', rpId], { 'r.json': registration });
    expect(wrong.code).toBe(EXIT_REJECTED);
    expect(wrong.stdout).toContain('ERR_CLIENT_DATA_ORIGIN_MISMATCH');
    const noAlg = await cli(['verify', 'r.json', '--challenge', challenge, '--origin', origin, '--rp-id', rpId, '--alg', '-8,-257'], { 'r.json': registration });
    expect(noAlg.stdout).toMatch(/REJECTED registration r\.json: ERR_\w*ALG/);
    const other = await cli(['verify', 'a.json', '--challenge', challenge, '--origin', origin, '--rp-id', rpId, '--no-require-uv', '--public-key', encodeBase64url(credential.publicKey), '--credential-id', 'AAAA'], { 'a.json': assertion });
    expect(other.stdout).toContain('ERR_ASSERTION_CREDENTIAL_MISMATCH');
  });

  it.each([
    [['--origin', origin, '--rp-id', rpId], 'needs --challenge'],
    [['--challenge', challenge, '--rp-id', rpId], 'needs --origin'],
    [['--challenge', challenge, '--origin', origin], 'needs --rp-id'],
    [['--challenge', challenge, '--origin', origin, '--rp-id', rpId, '--now', 'yesterday'], '--now: expected an ISO 8601 date-time'],
    [['--challenge', challenge, '--origin', origin, '--rp-id', rpId, '--alg', 'ES256'], '--alg: expected COSE algorithm ids'],
  ])('a missing or bad flag exits 2 and names it: %j', async (flags, message) => {
    const { registration } = await ceremony();
    const r = await cli(['verify', 'r.json', ...flags], { 'r.json': registration });
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toContain(message);
  });

  it('an assertion needs --public-key; a case file refuses expectation flags', async () => {
    const { assertion } = await ceremony();
    const noKey = await cli(['verify', 'a.json', '--challenge', challenge, '--origin', origin, '--rp-id', rpId], { 'a.json': assertion });
    expect(noKey.stderr).toContain('needs --public-key');
    const withFlags = await cli(['verify', 'c.json', '--origin', origin], { 'c.json': { ceremony: 'registration', expected: {} } });
    expect(withFlags.code).toBe(EXIT_USAGE);
    expect(withFlags.stderr).toContain('expectation flags apply only to a plain response');
  });
});

describe('webauthn-verify/testing: x5c option (issue 15)', () => {
  it('the natural guess x5c: createAttestationChain() is a coded options error naming the fix, not a TypeError', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const chain = await createAttestationChain();
    const base = { credential, challenge, origin, rpId, fmt: 'packed' as const, attestation: 'x5c' as const };
    for (const guess of [chain, createAttestationChain(), { certificates: [] }, null]) {
      const err = await createRegistrationResponse({ ...base, x5c: guess as never }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ERR_OPTIONS_INVALID', details: { option: 'x5c' } });
      expect((err as Error).message).toContain('{ certificates: chain.x5c, privateKey: chain.leaf.privateKey }');
    }
    const fixed = await createRegistrationResponse({ ...base, x5c: { certificates: chain.x5c, privateKey: chain.leaf.privateKey } });
    expect(fixed.response.attestationObject.length).toBeGreaterThan(100);
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

  it('piped into head: no EPIPE stack trace, and the CLI keeps its own exit code', async () => {
    const { assertion } = await ceremony();
    const wide = { ...assertion, clientExtensionResults: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v'.repeat(2000)])) };
    const dir = mkdtempSync(path.join(tmpdir(), 'webauthn-verify-cli-'));
    const file = path.join(dir, 'wide.json');
    writeFileSync(file, JSON.stringify(wide));
    // `exit` reports the CLI's own status (the pipeline's would be head's).
    const script = `"${process.execPath}" "${built}" inspect "${file}" 2>"${file}.err" | head -n 1; cat "${file}.err"; echo "cli exit \${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(r.stdout).toBe('ceremony: authentication\ncli exit 0\n');
  });

  it('the bin escapes terminal controls in what it prints', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'webauthn-verify-cli-'));
    const file = path.join(dir, 'x.json');
    writeFileSync(file, JSON.stringify({ id: '\u001b[1A\u009b\u202eVERIFIED', response: {} }));
    const r = spawnSync(process.execPath, [built, 'inspect', file], { encoding: 'utf8' });
    expect(r.stdout).toContain('\\x1B[1A\\x9B\\u202EVERIFIED');
    expect(r.stdout + r.stderr).not.toMatch(/[\u001b\u009b\u202e]/u);
  });
});
