/**
 * docs/migrating-from-simplewebauthn.md against SimpleWebAuthn's own type definitions. The option
 * tables of the four functions, their result tables, the helpers table and the package-exports table
 * must name exactly what @simplewebauthn/server declares: no option it lacks, none it has left out.
 * The facts come from fixtures/simplewebauthn/server-api.json (extracted from the package's .d.ts by
 * extractApi below, provenance in fixtures/MANIFEST.json), so a plain clone runs this; when bench/
 * has the package installed (npm ci --prefix bench), the snapshot must equal a fresh extraction.
 * Regenerate: npm ci --prefix bench && WRITE_SIMPLEWEBAUTHN_SNAPSHOT=1 npx vitest run test/package/docs-migration.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_ROOTS } from '../../src/x509/roots.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { REPO_ROOT, fixturePath, readFixtureJson } from '../helpers/fixtures.js';

const PACKAGE_DIR = path.join(REPO_ROOT, 'bench/node_modules/@simplewebauthn/server');
const DTS = path.join(PACKAGE_DIR, 'esm');
const GUIDE = readFileSync(path.join(REPO_ROOT, 'docs/migrating-from-simplewebauthn.md'), 'utf8');

interface ApiFacts {
  package: string;
  options: Record<string, string[]>;
  results: Record<string, string[]>;
  helpers: string[];
  exports: string[];
}

const FUNCTIONS = {
  generateRegistrationOptions: 'registration/generateRegistrationOptions.d.ts',
  generateAuthenticationOptions: 'authentication/generateAuthenticationOptions.d.ts',
  verifyRegistrationResponse: 'registration/verifyRegistrationResponse.d.ts',
  verifyAuthenticationResponse: 'authentication/verifyAuthenticationResponse.d.ts',
} as const;
const RESULTS = { verifyRegistrationResponse: 'registrationInfo', verifyAuthenticationResponse: 'authenticationInfo' } as const;

/** Member names at the top level of the `{ … }` that starts at `open` (the index of its `{`). */
function membersOf(text: string, open: number): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      if (--depth === 0) return [...new Set(names)];
    } else if (depth === 1 && (i === open + 1 || /[;{\n]/.test(text[i - 1]!))) {
      const m = /^\s*([A-Za-z_$][\w$]*)\??:/.exec(text.slice(i, i + 80));
      if (m) names.push(m[1]!);
    }
  }
  throw new Error('unbalanced braces');
}

/** Value exports (and explicitly named type exports) of a .d.ts module, following `export *`. */
function moduleExports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^export declare (?:function|const|class|enum) ([A-Za-z_$][\w$]*)/gm)) if (!m[1]!.startsWith('_')) out.push(m[1]!);
  for (const m of text.matchAll(/^export \* as (\w+) from/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/^export \{([^}]*)\} from/gm)) out.push(...m[1]!.split(',').map((s) => s.replace(/^\s*type\s+/, '').trim()).filter(Boolean));
  for (const m of text.matchAll(/^export \* from '(\.[^']+)\.js';/gm)) out.push(...moduleExports(path.join(path.dirname(file), `${m[1]}.d.ts`)));
  return [...new Set(out)].sort();
}

export function extractApi(): ApiFacts {
  const read = (rel: string) => readFileSync(path.join(DTS, rel), 'utf8');
  const options: Record<string, string[]> = {};
  const results: Record<string, string[]> = {};
  for (const [fn, rel] of Object.entries(FUNCTIONS)) {
    const text = read(rel);
    options[fn] = membersOf(text, text.indexOf('{', text.indexOf(`export declare function ${fn}(options: {`)));
    const info = RESULTS[fn as keyof typeof RESULTS];
    if (info) results[fn] = membersOf(text, text.indexOf('{', text.indexOf(`${info}: {`)));
  }
  const version = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')).version;
  return { package: `@simplewebauthn/server@${version}`, options, results, helpers: moduleExports(path.join(DTS, 'helpers/index.d.ts')), exports: moduleExports(path.join(DTS, 'index.d.ts')) };
}

const SNAPSHOT = ['simplewebauthn', 'server-api.json'] as const;
if (process.env.WRITE_SIMPLEWEBAUTHN_SNAPSHOT === '1') writeFileSync(fixturePath(...SNAPSHOT), `${JSON.stringify(extractApi(), null, 2)}\n`);
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

  it.each(Object.keys(FUNCTIONS))('%s: the option table names exactly its options', (fn) => {
    expect(unique(tableNames(`\`${fn}\``))).toEqual([...facts.options[fn]!].sort());
  });

  it.each(Object.keys(RESULTS))('%s: the result table names exactly its result fields', (fn) => {
    expect(unique(tableNames(`\`${fn}\``, 1))).toEqual([...facts.results[fn]!].sort());
  });

  it('the helpers table names exactly the exports of @simplewebauthn/server/helpers', () => {
    expect(unique(tableNames('@simplewebauthn/server/helpers'))).toEqual(facts.helpers);
  });

  it('the package table names exactly the value exports of @simplewebauthn/server', () => {
    expect(unique(tableNames('Package exports'))).toEqual(facts.exports);
  });

  it('the checks are not vacuous', () => {
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

describe.skipIf(!existsSync(path.join(DTS, 'index.d.ts')))('the snapshot is the installed package (bench/node_modules)', () => {
  it('fixtures/simplewebauthn/server-api.json equals a fresh extraction from the .d.ts files', () => {
    expect(extractApi()).toEqual(facts);
  });
});
