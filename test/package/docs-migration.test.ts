/**
 * docs/migrating-from-simplewebauthn.md against SimpleWebAuthn's own type definitions. The option
 * tables of the four functions, their result tables, the helpers table and the package-exports table
 * must name exactly what @simplewebauthn/server declares: no option it lacks, none it has left out.
 * The facts come from fixtures/simplewebauthn/server-api.json (provenance in fixtures/MANIFEST.json),
 * so a plain clone runs every test here, none skipped. That the snapshot still equals a fresh
 * extraction from the package's .d.ts files needs bench/node_modules, so it is not a vitest test:
 * scripts/check-swa-snapshot.mjs does it, run by .ci/bench-gate.sh after `npm ci --prefix bench`.
 * Regenerate: npm ci --prefix bench && node scripts/check-swa-snapshot.mjs --write
 *   && node scripts/fixtures-table.mjs --rehash-generated --write
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_ROOTS } from '../../src/x509/roots.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { REPO_ROOT, readFixtureJson } from '../helpers/fixtures.js';

const GUIDE = readFileSync(path.join(REPO_ROOT, 'docs/migrating-from-simplewebauthn.md'), 'utf8');

interface ApiFacts {
  package: string;
  options: Record<string, string[]>;
  results: Record<string, string[]>;
  helpers: string[];
  exports: string[];
}

const FUNCTIONS = ['generateRegistrationOptions', 'generateAuthenticationOptions', 'verifyRegistrationResponse', 'verifyAuthenticationResponse'] as const;
const RESULTS = ['verifyRegistrationResponse', 'verifyAuthenticationResponse'] as const;
const facts = readFixtureJson<ApiFacts>('simplewebauthn', 'server-api.json');

/** The names in the first column of the `n`th table under the heading that contains `marker`. */
function tableNames(marker: string, n = 0): string[] {
  const start = GUIDE.split('\n').findIndex((l) => /^#{2,3} /.test(l) && l.includes(marker));
  if (start < 0) throw new Error(`no heading with ${marker}`);
  const lines = GUIDE.split('\n').slice(start + 1);
  const end = lines.findIndex((l) => /^#{2,3} /.test(l));
  const tables = lines.slice(0, end < 0 ? undefined : end).join('\n').split(/\n\s*\n/).map((b) => b.trim()).filter((b) => b.startsWith('|'));
  if (tables[n] === undefined) throw new Error(`no table ${n} under the heading with ${marker}`);
  const rows = tables[n].split('\n').slice(2);
  // The first code span of the first cell is the name ("–" rows are ours only and name nothing).
  return rows.flatMap((r) => /^\s*`([A-Za-z_$][\w$]*)/.exec(r.split('|')[1]!)?.[1] ?? []).sort();
}
const unique = (names: string[]) => [...new Set(names)].sort();

describe('docs/migrating-from-simplewebauthn.md matches SimpleWebAuthn 14 type definitions', () => {
  it('is written against the snapshot version', () => {
    expect(facts.package).toBe('@simplewebauthn/server@14.0.3');
    expect(GUIDE).toContain('14.0.3');
  });

  it.each(FUNCTIONS)('%s: the option table names exactly its options', (fn) => {
    expect(unique(tableNames(`\`${fn}\``))).toEqual([...facts.options[fn]!].sort());
  });

  it.each(RESULTS)('%s: the result table names exactly its result fields', (fn) => {
    expect(unique(tableNames(`\`${fn}\``, 1))).toEqual([...facts.results[fn]!].sort());
  });

  it('the helpers table names exactly the exports of @simplewebauthn/server/helpers', () => {
    expect(unique(tableNames('@simplewebauthn/server/helpers'))).toEqual(facts.helpers);
  });

  it('the package table names exactly the value exports of @simplewebauthn/server', () => {
    expect(unique(tableNames('Package exports'))).toEqual(facts.exports);
  });

  it('the checks are not vacuous', () => {
    expect(Object.keys(facts.options).sort()).toEqual([...FUNCTIONS].sort());
    expect(Object.keys(facts.results).sort()).toEqual([...RESULTS].sort());
    expect(facts.options.verifyAuthenticationResponse).toContain('expectedTopOrigin');
    expect(facts.options.verifyRegistrationResponse).toContain('attestationSafetyNetEnforceCTSCheck');
    expect(facts.helpers).toEqual(expect.arrayContaining(['verifyMDSBlob', 'isCertRevoked', 'cose', 'COSEALG', 'SimpleWebAuthnLogger']));
  });
});

describe("the guide's one line that restores SimpleWebAuthn's default roots", () => {
  const line = 'attestation: { trustAnchors: (fmt) => KNOWN_ROOTS.filter((r) => r.formats.includes(fmt)).map((r) => r.pem) },';
  const trustAnchors = (fmt: string) => KNOWN_ROOTS.filter((r) => r.formats.includes(fmt)).map((r) => r.pem);
  interface Case { response: never; expected: { challenge: string; origin: string; rpId: string; requireUserVerification?: boolean; now?: string } }

  it.each(['swa-apple-iphone-reg.json', 'swa-android-key-galaxy-s9-reg.json', 'swa-android-safetynet-2019-reg.json'])('%s: trusted with it, trusted: false without', async (file) => {
    expect(GUIDE).toContain(line);
    const c = readFixtureJson<Case>('webauthn', file);
    const run = (attestation: Record<string, unknown>) =>
      verifyRegistration({
        response: c.response,
        expectedChallenge: c.expected.challenge,
        expectedOrigin: c.expected.origin,
        expectedRPID: c.expected.rpId,
        requireUserVerification: c.expected.requireUserVerification ?? false,
        supportedAlgorithms: [-7, -257],
        attestation: { ...(c.expected.now ? { now: new Date(c.expected.now) } : {}), ...attestation },
      });
    expect((await run({ trustAnchors })).attestation.trusted).toBe(true);
    expect((await run({})).attestation.trusted).toBe(false);
  });
});
