/**
 * scripts/verify-fixtures.mjs (`npm run verify-fixtures`): its core, verifyFixtures, run here on the
 * whole vector corpus through the CLI's main() in process (the script itself runs dist/cli.js, the
 * same code bundled; .ci/run runs it on the fresh build). Every case must agree or be listed in the
 * DISPUTED table of docs/security.md; an unlisted disagreement, a stale row, a CLI error fail.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';
import {
  formatRows,
  loadFixtureFiles,
  parseDisputedTable,
  summaryLine,
  verifyFixtures,
  type DisputedRow,
  type FixtureFile,
} from '../../scripts/verify-fixtures.mjs';
import { DISPUTED } from '../helpers/disputed.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

/** The CLI in process: files from `extra` first, then the checkout. */
function inProcessCli(extra: Record<string, unknown> = {}) {
  return async (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readInput: async (p) => (p in extra ? JSON.stringify(extra[p]) : readFileSync(path.join(REPO_ROOT, p), 'utf8')),
    };
    const code = await main(argv, io, '0.0.0-test');
    return { code, stdout, stderr };
  };
}

const files = loadFixtureFiles();
const byId = new Map(files.flatMap((f) => f.cases.map((c) => [c.id as string, c] as const)));
const packed = byId.get('w3c-packed-es256-reg')!;
/** A verified vector whose copy claims it must be rejected: the CLI verifies it, so they disagree. */
const flipped = { ...packed, id: 'fake-flipped-reg', result: { verified: false, why: 'bad signature' } };
const fakeFile: FixtureFile = { file: 'fake/flipped.json', cases: [flipped] };
const runFake = inProcessCli({ 'fake/flipped.json': flipped });

const table = (...rows: string[]) =>
  ['<!-- disputed-table:start -->', '| case | the vector says | we say | code | reason |', '| --- | --- | --- | --- | --- |', ...rows, '<!-- disputed-table:end -->'].join('\n');
const listed = (row: DisputedRow) => new Map([[row.id, row]]);

describe('npm run verify-fixtures: the whole corpus', () => {
  it('every case of fixtures/webauthn and fixtures/software-authenticator.json agrees or is disputed', async () => {
    const { rows, problems } = await verifyFixtures({ files, disputed: DISPUTED, runCli: inProcessCli() });
    expect(problems).toEqual([]);
    expect(rows.length).toBe(files.reduce((n, f) => n + f.cases.length, 0));
    expect(files.filter((f) => f.file.startsWith('fixtures/webauthn/')).reduce((n, f) => n + f.cases.length, 0)).toBe(67);
    expect(rows.filter((r) => r.agreement === 'disputed').map((r) => r.id)).toEqual([...DISPUTED.keys()]);
    const lines = formatRows(rows);
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines.find((l) => l.startsWith('w3c-android-key-es256-reg '))).toMatch(/verified\s+rejected \(ERR_ATTESTATION_ANDROID_KEY_ORIGIN\)\s+disputed/);
    expect(summaryLine(rows, problems)).toMatch(/^verify-fixtures: \d+ cases: \d+ agree, 1 disputed \(docs\/security\.md\), 0 problem\(s\)$/);
  });
});

describe('verifyFixtures fails closed', () => {
  it('an unlisted disagreement is a problem; listing it with its reason makes it "disputed"', async () => {
    const unlisted = await verifyFixtures({ files: [fakeFile], disputed: new Map(), runCli: runFake });
    expect(unlisted.rows[0]).toMatchObject({ id: 'fake-flipped-reg', expected: 'rejected', ours: 'verified', agreement: 'DISAGREES' });
    expect(unlisted.problems).toEqual([expect.stringMatching(/^fake-flipped-reg: DISAGREES: not in the docs\/security\.md DISPUTED table: expected rejected, got verified$/)]);
    const row: DisputedRow = { id: 'fake-flipped-reg', vectorSays: 'rejected', weSay: 'verified', reason: 'test' };
    const disputed = await verifyFixtures({ files: [fakeFile], disputed: listed(row), runCli: runFake });
    expect(disputed.rows[0]).toMatchObject({ agreement: 'disputed' });
    expect(disputed.problems).toEqual([]);
  });

  it('a listed row that does not match what we say (verdict or code) is still a disagreement', async () => {
    const android = { file: 'fixtures/webauthn/w3c-android-key-es256-reg.json', cases: [byId.get('w3c-android-key-es256-reg')] };
    const wrongCode = listed({ ...DISPUTED.get('w3c-android-key-es256-reg')!, code: 'ERR_SIGNATURE_INVALID' });
    const r = await verifyFixtures({ files: [android], disputed: wrongCode, runCli: inProcessCli() });
    expect(r.rows[0]!.agreement).toBe('DISAGREES');
    expect(r.problems).toHaveLength(1);
  });

  it('a stale row (the case agrees now, or is not in the corpus) is a problem', async () => {
    const file = { file: 'fixtures/webauthn/w3c-packed-es256-reg.json', cases: [packed] };
    const agreesNow = listed({ id: 'w3c-packed-es256-reg', vectorSays: 'verified', weSay: 'rejected', code: 'ERR_SIGNATURE_INVALID', reason: 'x' });
    const r = await verifyFixtures({ files: [file], disputed: agreesNow, runCli: inProcessCli() });
    expect(r.rows[0]!.agreement).toBe('STALE DISPUTE');
    const gone = listed({ id: 'no-such-case', vectorSays: 'verified', weSay: 'rejected', code: 'ERR_SIGNATURE_INVALID', reason: 'x' });
    const g = await verifyFixtures({ files: [file], disputed: gone, runCli: inProcessCli() });
    expect(g.problems).toEqual(['no-such-case: STALE DISPUTE: listed in docs/security.md but not a fixture case']);
  });

  it('a CLI run without a verdict per case (usage error, no JSON) is an ERROR row', async () => {
    const usage = async () => ({ code: 2, stdout: '', stderr: 'webauthn-verify: malformed case\n' });
    const r = await verifyFixtures({ files: [fakeFile], disputed: new Map(), runCli: usage });
    expect(r.rows[0]).toMatchObject({ agreement: 'ERROR', note: 'fake/flipped.json: exit 2: webauthn-verify: malformed case' });
    const noJson = async () => ({ code: 0, stdout: 'VERIFIED', stderr: '' });
    expect((await verifyFixtures({ files: [fakeFile], disputed: new Map(), runCli: noJson })).problems).toHaveLength(1);
  });
});

describe('the DISPUTED table parser (docs/security.md is the one list)', () => {
  it('reads the table in docs/security.md: every row names a fixture case, with a code and a reason', () => {
    expect(DISPUTED.get('w3c-android-key-es256-reg')).toMatchObject({ vectorSays: 'verified', weSay: 'rejected', code: 'ERR_ATTESTATION_ANDROID_KEY_ORIGIN' });
    for (const row of DISPUTED.values()) {
      expect(byId.has(row.id), row.id).toBe(true);
      expect(row.reason.length).toBeGreaterThan(40);
    }
  });

  it('parses a row with a pipe and backticks in its reason, and a dispute where we verify', () => {
    const t = parseDisputedTable(table('| `a-reg` | rejected | verified | — | the `x \\| y` rule |'));
    expect(t.get('a-reg')).toEqual({ id: 'a-reg', vectorSays: 'rejected', weSay: 'verified', reason: 'the `x | y` rule' });
  });

  it.each([
    ['no markers', '| case | the vector says | we say | code | reason |'],
    ['another header', table().replace('| reason |', '| why |')],
    ['same verdict twice', table('| a | verified | verified | — | r |')],
    ['an unknown verdict', table('| a | verified | maybe | ERR_X | r |')],
    ['no code when we reject', table('| a | verified | rejected | — | r |')],
    ['a code when we verify', table('| a | rejected | verified | ERR_X | r |')],
    ['a missing reason', table('| a | verified | rejected | ERR_X |')],
    ['an extra cell', table('| a | verified | rejected | ERR_X | r | s |')],
    ['a duplicate id', table('| a | verified | rejected | ERR_X | r |', '| a | verified | rejected | ERR_X | r |')],
  ])('refuses a table with %s', (_name, markdown) => {
    expect(() => parseDisputedTable(markdown)).toThrow(/docs\/security\.md/);
  });
});
