/**
 * DEPRECATED thin alias, kept only while other branches still import it: use ./fixtures.js.
 * Deleted once no test imports it.
 */
import { describe } from 'vitest';
import { fixturePath, readFixtureJson } from './fixtures.js';

export { REPO_ROOT, loadFixtureVectors, loadWebAuthnVectors, type VectorCase } from './fixtures.js';
export const hasShared = true;
export const describeShared = describe;
/** Old ('vectors', folder, file) paths, now under fixtures/. */
export function sharedPath(...parts: string[]): string {
  return fixturePath(...(parts[0] === 'vectors' ? parts.slice(1) : parts));
}
export function readSharedJson<T = unknown>(...parts: string[]): T {
  return readFixtureJson<T>(...(parts[0] === 'vectors' ? parts.slice(1) : parts));
}
