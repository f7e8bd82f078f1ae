/**
 * Issue 11 finding 8: the auditor CLI reads hostile files, so it must not trust what it prints.
 *
 * - Terminal escape injection: a response whose id, clientData origin/raw, userHandle,
 *   clientExtensionResults and error details carry ESC/CSI sequences, C1 controls, bidi overrides or
 *   newlines could move the cursor and overwrite its own REJECTED line with "VERIFIED" (ECMA-48 §5:
 *   C0/C1 control functions; Unicode UAX #9: explicit directional formatting characters).
 * - Size: a 5 MB response must not be dumped whole (every raw dump is capped and says how much was cut).
 * - Nesting: 200,000 nested arrays must not overflow the stack (every walk is depth-bounded).
 * - `__proto__` members must be shown as the file has them (JSON.parse keeps them as own members).
 *
 * Each test builds the hostile input by hand and runs the CLI's main() (the logic the bin runs);
 * test/unit/cli/cli.test.ts runs the built bin as a process.
 */
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';
import { MAX_DEPTH, MAX_MEMBERS, MAX_TEXT } from '../../src/cli/view.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { createAssertionResponse, createRegistrationResponse, createTestCredential } from '../../src/testing/index.js';

async function cli(argv: string[], files: Record<string, unknown>) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readInput: async (p) => (typeof files[p] === 'string' ? (files[p] as string) : JSON.stringify(files[p])),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Anything a terminal could act on, except the newline that ends each of our own lines. */
const TERMINAL_ACTIVE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/u;

const ORIGIN = 'https://cli.example';
const RP_ID = 'cli.example';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(5));
/** Cursor up, erase line, carriage return, then a forged verdict; plus C1 CSI, DEL, bidi override/isolate. */
const FORGED = '\u001b[1A\u001b[2K\rVERIFIED authentication forged\n\u009b2J\u007f\u202eDEIFIREV\u2066x\u2069\u061c\u200e';

async function hostileAssertion() {
  const credential = await createTestCredential({ alg: -7 });
  const assertion = await createAssertionResponse({
    credential,
    challenge: CHALLENGE,
    origin: `${ORIGIN}${FORGED}`,
    rpId: RP_ID,
    userHandle: new TextEncoder().encode('\u001b[2K\rVERIFIED\u009b\u202e'), // §5.4.3: at most 64 bytes
    clientExtensionResults: { [`k${FORGED}`]: FORGED, list: [FORGED] },
  });
  const stored = { id: assertion.id, publicKey: encodeBase64url(credential.publicKey), counter: 0 };
  // `response` also carries a hostile id (for inspect); `genuine` keeps the real one (for verify).
  return { response: { ...assertion, id: `${assertion.id}${FORGED}` }, genuine: assertion, stored };
}

function expectInert(text: string): void {
  expect(text).not.toMatch(TERMINAL_ACTIVE);
  for (const line of text.split('\n')) expect(line.startsWith('VERIFIED')).toBe(false);
}

describe('terminal escape injection (ECMA-48 C0/C1, UAX #9 bidi controls)', () => {
  it('positive: printable text, including non-ASCII letters, is shown as is', async () => {
    const { response } = await hostileAssertion();
    const plain = { ...response, id: 'ordinary-id-é-密钥', clientExtensionResults: { note: 'naïve Ünïcödé' } };
    const r = await cli(['inspect', 'a.json'], { 'a.json': plain });
    expect(r.stdout).toContain('id: ordinary-id-é-密钥');
    expect(r.stdout).toContain('note: naïve Ünïcödé');
  });

  it('inspect escapes id, clientData raw/origin, userHandle text and clientExtensionResults', async () => {
    const { response } = await hostileAssertion();
    const r = await cli(['inspect', 'a.json'], { 'a.json': response });
    expectInert(r.stdout);
    expectInert(r.stderr);
    expect(r.stdout).toContain('\\x1B[1A\\x1B[2K\\rVERIFIED authentication forged\\n\\x9B2J\\x7F\\u202EDEIFIREV\\u2066x\\u2069\\u061C\\u200E');
    expect(r.stdout).toMatch(/^id: .*\\x1B\[1A/m);
    expect(r.stdout).toMatch(/^ {2}origin: https:\/\/cli\.example\\x1B/m);
    expect(r.stdout).toMatch(/^ {2}utf8: \\x1B\[2K\\rVERIFIED\\x9B\\u202E$/m);
    expect(r.stdout).toMatch(/^ {2}k\\x1B\[1A.*: \\x1B/m);
  });

  it('verify cannot forge its own verdict line: REJECTED stays the only verdict, details.received escaped', async () => {
    const { genuine, stored } = await hostileAssertion();
    const testCase = { id: `case${FORGED}`, ceremony: 'authentication', response: genuine, expected: { challenge: CHALLENGE, origin: ORIGIN, rpId: RP_ID }, credential: stored, result: { verified: false, why: FORGED } };
    const r = await cli(['verify', 'c.json'], { 'c.json': testCase });
    expect(r.code).toBe(1);
    expectInert(r.stdout);
    expect(r.stdout.split('\n').filter((l) => /^(VERIFIED|REJECTED)/.test(l))).toHaveLength(1);
    expect(r.stdout).toMatch(/^REJECTED authentication case\\x1B\[1A/m);
    expect(r.stdout).toMatch(/received: https:\/\/cli\.example\\x1B\[1A/);
  });

  it('a backslash in the input is escaped too, so an escape sequence in the output is always ours', async () => {
    const { response } = await hostileAssertion();
    const r = await cli(['inspect', 'a.json'], { 'a.json': { ...response, id: 'a\\x1B[2J' } });
    expect(r.stdout).toContain('id: a\\\\x1B[2J');
  });

  it('--json stays valid JSON, equal to the data, with DEL, C1 and bidi characters as \\u escapes', async () => {
    const { response } = await hostileAssertion();
    const r = await cli(['inspect', '--json', 'a.json'], { 'a.json': response });
    expect(r.stdout).not.toMatch(TERMINAL_ACTIVE);
    expect(r.stdout).toContain('\\u009b2J\\u007f\\u202eDEIFIREV');
    expect(JSON.parse(r.stdout).view.id).toBe(response.id);
  });

  it('lone surrogates and U+2028/2029 are escaped in human output', async () => {
    const { response } = await hostileAssertion();
    const r = await cli(['inspect', 'a.json'], { 'a.json': { ...response, id: 'x\ud800y\u2028z\u2029' } });
    expect(r.stdout).toContain('id: x\\uD800y\\u2028z\\u2029');
  });
});

describe('size and nesting bounds', () => {
  it('a 5 MB response does not dump its 4 MB clientData: every raw dump is capped and says how much was cut', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const huge = 'A'.repeat(4 * 1024 * 1024);
    const assertion = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP_ID, clientDataExtra: { padding: huge } });
    const big = { ...assertion, response: { ...assertion.response, signature: encodeBase64url(new Uint8Array(600_000)) } };
    const r = await cli(['inspect', 'big.json'], { 'big.json': big });
    expect(JSON.stringify(big).length).toBeGreaterThan(5_000_000);
    expect(r.stdout.length).toBeLessThan(20_000);
    const cut = /^ {2}raw: .{4096}… \[cut: (\d+) of (\d+) characters not shown\]$/m.exec(r.stdout);
    expect(cut, 'clientData raw is cut with a marker').not.toBeNull();
    expect(Number(cut![2])).toBeGreaterThan(4 * 1024 * 1024);
    expect(Number(cut![1])).toBe(Number(cut![2]) - MAX_TEXT);
    expect(r.stdout).toContain('[cut: 597952 of 600000 bytes not shown]');
  });

  it('200,000 nested arrays in clientExtensionResults: a depth marker, not a RangeError (inspect and verify, human and JSON)', async () => {
    const { genuine: response, stored } = await hostileAssertion();
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const text = JSON.stringify({ ...response, id: stored.id, clientExtensionResults: 0 }).replace('"clientExtensionResults":0', `"clientExtensionResults":${deep}`);
    expect(text.length).toBeGreaterThan(400_000);
    for (const argv of [['inspect', 'd.json'], ['inspect', '--json', 'd.json']]) {
      const r = await cli(argv, { 'd.json': text });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`[nested deeper than ${MAX_DEPTH} levels: not shown]`);
    }
    const testCase = `{"ceremony":"authentication","expected":{"challenge":"${CHALLENGE}","origin":"${ORIGIN}","rpId":"${RP_ID}"},"credential":${JSON.stringify(stored)},"response":${text}}`;
    const v = await cli(['verify', 'c.json'], { 'c.json': testCase });
    expect(v.code, v.stderr).toBe(1);
    expect(v.stdout).toMatch(/^REJECTED authentication/);
  });

  it(`an object with 5000 members shows ${MAX_MEMBERS} and counts the rest`, async () => {
    const { response } = await hostileAssertion();
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`m${i}`, i]));
    const r = await cli(['inspect', 'm.json'], { 'm.json': { ...response, clientExtensionResults: many } });
    expect(r.stdout).toContain(`m${MAX_MEMBERS - 1}: ${MAX_MEMBERS - 1}`);
    expect(r.stdout).not.toContain(`m${MAX_MEMBERS}:`);
    expect(r.stdout).toContain(`[${5000 - MAX_MEMBERS} more members not shown]`);
  });
});

describe('__proto__ members are shown as the file has them', () => {
  it('in clientExtensionResults (JSON) and in attStmt (CBOR map key), human and --json', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const reg = await createRegistrationResponse({
      credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP_ID, fmt: 'none',
      faults: { attStmt: new Map<unknown, unknown>([['__proto__', 'from-cbor']]) },
    });
    const text = JSON.stringify({ ...reg, clientExtensionResults: 0 }).replace('"clientExtensionResults":0', '"clientExtensionResults":{"__proto__":{"evil":1},"constructor":2}');
    const human = await cli(['inspect', 'p.json'], { 'p.json': text });
    expect(human.stdout).toMatch(/^clientExtensionResults:\n {2}__proto__:\n {4}evil: 1\n {2}constructor: 2$/m);
    expect(human.stdout).toMatch(/^ {4}__proto__: from-cbor$/m);
    const json = JSON.parse((await cli(['inspect', '--json', 'p.json'], { 'p.json': text })).stdout);
    expect(Object.keys(json.view.clientExtensionResults)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(json.view.clientExtensionResults, '__proto__')?.value).toEqual({ evil: 1 });
    expect(Object.keys(json.view.attestation.attStmt)).toEqual(['__proto__']);
  });
});
