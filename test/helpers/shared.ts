/**
 * One place that finds ../shared (external data written by others, read in place, never copied).
 * A clone without ../shared skips the tests that need it, with a clear message; under CI=true a
 * missing ../shared is a failure (importing this module throws), never a skip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');
export const hasShared = existsSync(path.join(SHARED_DIR, 'vectors'));

if (!hasShared) {
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but ${SHARED_DIR} is missing: the external vector tests cannot be skipped under CI`);
  }
  console.warn(`[webauthn-verify] ${SHARED_DIR} not found: tests that read ../shared/vectors are skipped`);
}

/**
 * `describe` when ../shared exists. Otherwise one skipped test that says why; `fn` is not run at
 * all (vitest runs a skipped suite's body to collect its tests, and these bodies read ../shared).
 */
export function describeShared(title: string, fn: () => void): void {
  if (hasShared) describe(title, fn);
  else describe(title, () => it.skip('skipped: ../shared not found beside the repo (external vectors)', () => {}));
}

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DIR, ...parts);
}

export function readSharedJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedPath(...parts), 'utf8')) as T;
}

/** A case in ../shared/vectors/webauthn (format: that folder's README). */
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

/**
 * Every case in fixtures/*.json (our own generated data, in the repo): each file is a provenance
 * header `{ source, generatedBy, date, description, cases }` whose cases use the shared case format.
 */
export function loadFixtureVectors(): VectorCase[] {
  const dir = path.join(REPO_ROOT, 'fixtures');
  const cases: VectorCase[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json')) continue;
    const data = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { source?: unknown; cases?: VectorCase[] };
    if (typeof data.source !== 'string' || !Array.isArray(data.cases)) {
      throw new Error(`fixture ${name}: expected a provenance header with a cases array`);
    }
    for (const c of data.cases) cases.push(checkedCase(c, name));
  }
  return cases;
}

/** Every case in ../shared/vectors/webauthn (empty when ../shared is absent). */
export function loadWebAuthnVectors(): VectorCase[] {
  if (!hasShared) return [];
  const dir = sharedPath('vectors', 'webauthn');
  const cases: VectorCase[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json')) continue;
    const data = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as VectorCase | VectorCase[];
    for (const c of Array.isArray(data) ? data : [data]) cases.push(checkedCase(c, name));
  }
  return cases;
}
