#!/usr/bin/env node
/**
 * fixtures/simplewebauthn/server-api.json is a snapshot of the names @simplewebauthn/server declares
 * (the option, result, helper and export names test/package/docs-migration.test.ts holds
 * docs/migrating-from-simplewebauthn.md to). This script extracts them again from the package's
 * .d.ts files in bench/node_modules and compares; it needs `npm ci --prefix bench`, so it runs in
 * .ci/bench-gate.sh (which installs bench/), not in vitest, and a plain clone's `npm test` skips nothing.
 *
 *   node scripts/check-swa-snapshot.mjs           # exit 0 when the snapshot equals a fresh extraction, 1 otherwise
 *   node scripts/check-swa-snapshot.mjs --write   # regenerate the snapshot, then:
 *                                                 # node scripts/fixtures-table.mjs --rehash-generated --write
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE_DIR = path.join(REPO_ROOT, 'bench/node_modules/@simplewebauthn/server');
const DTS = path.join(PACKAGE_DIR, 'esm');
const SNAPSHOT = path.join(REPO_ROOT, 'fixtures/simplewebauthn/server-api.json');

const FUNCTIONS = {
  generateRegistrationOptions: 'registration/generateRegistrationOptions.d.ts',
  generateAuthenticationOptions: 'authentication/generateAuthenticationOptions.d.ts',
  verifyRegistrationResponse: 'registration/verifyRegistrationResponse.d.ts',
  verifyAuthenticationResponse: 'authentication/verifyAuthenticationResponse.d.ts',
};
const RESULTS = { verifyRegistrationResponse: 'registrationInfo', verifyAuthenticationResponse: 'authenticationInfo' };

/** Member names at the top level of the `{ … }` that starts at `open` (the index of its `{`). */
function membersOf(text, open) {
  const names = [];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      if (--depth === 0) return [...new Set(names)];
    } else if (depth === 1 && (i === open + 1 || /[;{\n]/.test(text[i - 1]))) {
      const m = /^\s*([A-Za-z_$][\w$]*)\??:/.exec(text.slice(i, i + 80));
      if (m) names.push(m[1]);
    }
  }
  throw new Error('unbalanced braces');
}

/** Value exports (and explicitly named type exports) of a .d.ts module, following `export *`. */
function moduleExports(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const m of text.matchAll(/^export declare (?:function|const|class|enum) ([A-Za-z_$][\w$]*)/gm)) if (!m[1].startsWith('_')) out.push(m[1]);
  for (const m of text.matchAll(/^export \* as (\w+) from/gm)) out.push(m[1]);
  for (const m of text.matchAll(/^export \{([^}]*)\} from/gm)) out.push(...m[1].split(',').map((s) => s.replace(/^\s*type\s+/, '').trim()).filter(Boolean));
  for (const m of text.matchAll(/^export \* from '(\.[^']+)\.js';/gm)) out.push(...moduleExports(path.join(path.dirname(file), `${m[1]}.d.ts`)));
  return [...new Set(out)].sort();
}

/** The facts the snapshot holds, read from the installed package's type definitions. */
export function extractApi() {
  const read = (rel) => readFileSync(path.join(DTS, rel), 'utf8');
  const options = {};
  const results = {};
  for (const [fn, rel] of Object.entries(FUNCTIONS)) {
    const text = read(rel);
    options[fn] = membersOf(text, text.indexOf('{', text.indexOf(`export declare function ${fn}(options: {`)));
    const info = RESULTS[fn];
    if (info) results[fn] = membersOf(text, text.indexOf('{', text.indexOf(`${info}: {`)));
  }
  const version = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')).version;
  return { package: `@simplewebauthn/server@${version}`, options, results, helpers: moduleExports(path.join(DTS, 'helpers/index.d.ts')), exports: moduleExports(path.join(DTS, 'index.d.ts')) };
}

function main(argv) {
  if (!existsSync(path.join(DTS, 'index.d.ts'))) {
    console.error(`check-swa-snapshot: ${path.relative(REPO_ROOT, PACKAGE_DIR)} is not installed (npm ci --prefix bench)`);
    return 1;
  }
  const fresh = extractApi();
  if (argv.includes('--write')) {
    writeFileSync(SNAPSHOT, `${JSON.stringify(fresh, null, 2)}\n`);
    console.log(`check-swa-snapshot: wrote ${path.relative(REPO_ROOT, SNAPSHOT)} (${fresh.package}); now run node scripts/fixtures-table.mjs --rehash-generated --write`);
    return 0;
  }
  const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8'));
  if (isDeepStrictEqual(fresh, snapshot)) {
    console.log(`check-swa-snapshot: ${path.relative(REPO_ROOT, SNAPSHOT)} equals a fresh extraction from ${fresh.package}`);
    return 0;
  }
  console.error(`check-swa-snapshot: ${path.relative(REPO_ROOT, SNAPSHOT)} differs from a fresh extraction from ${fresh.package}`);
  console.error(`  snapshot: ${JSON.stringify(snapshot)}\n  fresh:    ${JSON.stringify(fresh)}`);
  console.error('  regenerate: node scripts/check-swa-snapshot.mjs --write && node scripts/fixtures-table.mjs --rehash-generated --write');
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
