/**
 * The DISPUTED table of docs/security.md, the one list of fixture cases whose stated verdict we
 * believe contradicts WebAuthn L3. Parsed by scripts/verify-fixtures.mjs (which `npm run
 * verify-fixtures` also uses), so the suites and the fixture table cannot keep different lists.
 */
import { readDisputed } from '../../scripts/verify-fixtures.mjs';
import type { WebAuthnErrorCode } from '../../src/errors.js';

export interface DisputedCase {
  readonly id: string;
  /** The verdict the case states, and ours. */
  readonly vectorSays: 'verified' | 'rejected';
  readonly weSay: 'verified' | 'rejected';
  /** Our error code when we reject. */
  readonly code?: WebAuthnErrorCode;
  readonly reason: string;
}

/** id → row, read from docs/security.md (throws when the table is missing or malformed). */
export const DISPUTED: ReadonlyMap<string, DisputedCase> = readDisputed() as ReadonlyMap<string, DisputedCase>;
