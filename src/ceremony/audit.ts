/**
 * The audit trail of one ceremony (`audit: true` on verifyRegistration / verifyAssertion): the
 * ordered checks that ran, each cited by its step in the one step table (src/ceremony/steps.ts), and the
 * policy the caller chose (src/ceremony/audit-policy.ts). Ceremony code threads a recorder through its steps:
 * `begin(step, check)` before a check, then `pass`/`skip`/`report` (or `fail`, which attaches the
 * trail to the error and rethrows). Details take values the ceremony already holds and are
 * formatted only when recording, so with audit off the shared no-op recorder (`NO_AUDIT`) costs a
 * few empty calls: no array, no closure, no string per check.
 *
 * Expected values (stored user handle, stored counter, expected origins, …) may appear in an audit
 * `detail`; they never go into error `details` (docs/security.md).
 */
import { encodeBase64url } from '../encoding/base64url.js';
import { clip, isWebAuthnError, type AuditEntry, type AuditOutcome, type PolicyEntry } from '../errors.js';
import type { StepId } from './steps.js';

export type { AuditEntry, AuditOutcome, PolicyEntry } from '../errors.js';

export interface AuditRecorder {
  begin(step: StepId, check: string): void;
  pass(received?: unknown, expected?: unknown): void;
  skip(reason: string): void;
  report(received?: unknown, expected?: unknown): void;
  /** A finished check in one call (no begin): for what cannot fail on its own. */
  note(step: StepId, check: string, outcome: AuditOutcome, detail?: unknown): void;
  /** Records the open check as failed, attaches the trail to a WebAuthnError, rethrows. */
  fail(error: unknown): never;
  setPolicy(policy: readonly PolicyEntry[]): void;
  readonly entries: readonly AuditEntry[];
  readonly policy: readonly PolicyEntry[];
}

const EMPTY: readonly never[] = Object.freeze([]);

/** The recorder when audit is off: every call does nothing (fail only rethrows). */
export const NO_AUDIT: AuditRecorder = Object.freeze({
  begin() {},
  pass() {},
  skip() {},
  report() {},
  note() {},
  fail(error: unknown): never {
    throw error;
  },
  setPolicy() {},
  entries: EMPTY,
  policy: EMPTY,
});

function show(value: unknown): string {
  if (value instanceof Uint8Array) return encodeBase64url(value);
  if (Array.isArray(value)) return value.map(show).join(' ');
  return String(clip(value));
}

function detailOf(received: unknown, expected: unknown): string | undefined {
  if (received === undefined && expected === undefined) return undefined;
  const got = received === undefined ? '' : show(received);
  return expected === undefined ? got : `${got}${got === '' ? '' : '; '}expected ${show(expected)}`;
}

class Recorder implements AuditRecorder {
  readonly entries: AuditEntry[] = [];
  policy: readonly PolicyEntry[] = EMPTY;
  private step: StepId = '7.1.1';
  private check = 'options';

  begin(step: StepId, check: string): void {
    this.step = step;
    this.check = check;
  }
  private add(outcome: AuditOutcome, detail: string | undefined): void {
    this.entries.push(detail === undefined ? { step: this.step, check: this.check, outcome } : { step: this.step, check: this.check, outcome, detail });
  }
  pass(received?: unknown, expected?: unknown): void {
    this.add('pass', detailOf(received, expected));
  }
  skip(reason: string): void {
    this.add('skip', reason);
  }
  report(received?: unknown, expected?: unknown): void {
    this.add('report', detailOf(received, expected));
  }
  note(step: StepId, check: string, outcome: AuditOutcome, detail?: unknown): void {
    this.begin(step, check);
    this.add(outcome, detail === undefined ? undefined : show(detail));
  }
  fail(error: unknown): never {
    this.add('fail', isWebAuthnError(error) ? error.code : 'unexpected error');
    if (isWebAuthnError(error)) {
      error.audit = this.entries.slice();
      error.policy = this.policy;
    }
    throw error;
  }
  setPolicy(policy: readonly PolicyEntry[]): void {
    this.policy = policy;
  }
}

/** A recording recorder; `firstStep` is the options step of the ceremony (7.1.1 or 7.2.1). */
export function createAuditRecorder(firstStep: StepId): AuditRecorder {
  const r = new Recorder();
  r.begin(firstStep, 'options');
  return r;
}

/** Reads the `audit` option before anything else (so option errors are audited too). */
export function auditRequested(options: unknown): boolean {
  return typeof options === 'object' && options !== null && (options as { audit?: unknown }).audit === true;
}
