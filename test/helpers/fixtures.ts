/**
 * One place that reads fixtures/: the external corpora (copied unmodified, one folder per source,
 * provenance in fixtures/MANIFEST.json) and the data our own generator writes. Everything the tests
 * read is in the repository, so a plain clone runs every test: nothing here skips.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const FIXTURES_DIR = path.join(REPO_ROOT, 'fixtures');

/** Absolute path of a file under fixtures/, e.g. fixturePath('cbor', 'appendix_a.json'). */
export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES_DIR, ...parts);
}

export function readFixtureJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(fixturePath(...parts), 'utf8')) as T;
}

export function readFixtureBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(...parts)));
}

/** The `.json` file names directly in one fixtures/ folder, sorted (a loader for a whole corpus). */
export function fixtureJsonFiles(folder: string): string[] {
  return readdirSync(fixturePath(folder)).filter((name) => name.endsWith('.json')).sort();
}

/** A case in fixtures/webauthn (format: fixtures/webauthn/README.md). */
export interface VectorCase {
  id: string;
  source: string;
  ceremony: 'registration' | 'authentication';
  response: any;
  expected: {
    challenge: string;
    origin: string | string[];
    rpId: string;
    requireUserVerification?: boolean;
    now?: string;
    allowCrossOrigin?: boolean;
    topOrigin?: string;
  };
  credential?: { id: string; publicKey: string; counter: number };
  trustAnchors?: string[];
  result:
    | {
        verified: true;
        fmt?: string;
        attestationType?: string;
        alg?: number;
        aaguid?: string;
        counter?: number;
        userVerified?: boolean;
        backupEligible?: boolean;
        backedUp?: boolean;
      }
    | { verified: false; why: string };
}

/** Throws on a case whose `result` is neither verified:true nor verified:false (never silently skipped). */
function checkedCase(c: VectorCase, file: string): VectorCase {
  if (c.result?.verified !== true && c.result?.verified !== false) {
    throw new Error(`vector ${file}: unknown result ${JSON.stringify(c.result)}`);
  }
  return c;
}

/** Our own generated vector files: the top-level fixtures/*.json except the manifest. */
export const GENERATED_VECTOR_FILES = ['software-authenticator.json'] as const;

/**
 * Every case our generator wrote (fixtures/software-authenticator.json): a provenance header
 * `{ source, generatedBy, …, cases }` whose cases use the fixtures/webauthn case format.
 */
export function loadFixtureVectors(): VectorCase[] {
  const cases: VectorCase[] = [];
  for (const name of GENERATED_VECTOR_FILES) {
    const data = readFixtureJson<{ source?: unknown; cases?: VectorCase[] }>(name);
    if (typeof data.source !== 'string' || !Array.isArray(data.cases)) {
      throw new Error(`fixture ${name}: expected a provenance header with a cases array`);
    }
    for (const c of data.cases) cases.push(checkedCase(c, name));
  }
  return cases;
}

/** Every case in fixtures/webauthn (real authenticators, W3C L3 vectors, peer-library cases). */
export function loadWebAuthnVectors(): VectorCase[] {
  const cases: VectorCase[] = [];
  for (const name of fixtureJsonFiles('webauthn')) {
    const data = readFixtureJson<VectorCase | VectorCase[]>('webauthn', name);
    for (const c of Array.isArray(data) ? data : [data]) cases.push(checkedCase(c, name));
  }
  return cases;
}
