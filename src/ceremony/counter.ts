/**
 * Signature counter rule (WebAuthn L3 §6.1.1 "Signature Counter Considerations" and §7.2 step 22
 * "signCount"): if the received counter or the stored one is non-zero, the received one must be
 * greater than the stored one; otherwise the authenticator may have been cloned. Both zero means the
 * authenticator does not implement a counter, which is fine.
 */
import { WebAuthnError } from '../errors.js';

export interface SignCountCheck {
  /** False when the rule is broken (a suspected clone). */
  readonly ok: boolean;
  /** What to store: the received counter when ok, otherwise the stored one unchanged. */
  readonly newCount: number;
  readonly suspectedClone: boolean;
}

/** The pure rule. `stored` is the value kept with the credential record; `received` is authData.signCount. */
export function checkSignCount(stored: number, received: number): SignCountCheck {
  if (stored === 0 && received === 0) return { ok: true, newCount: 0, suspectedClone: false };
  if (received > stored) return { ok: true, newCount: received, suspectedClone: false };
  return { ok: false, newCount: stored, suspectedClone: true };
}

/**
 * What verifyAssertion does with a suspected clone: 'throw' (default) refuses the assertion with
 * ERR_COUNTER_REGRESSION; 'report' returns the result with `suspectedClone: true` and the stored
 * counter unchanged, for RPs that want to flag the credential instead of refusing the login.
 */
export type CounterPolicy = 'throw' | 'report';

/** Applies `policy` to the rule. */
export function enforceSignCount(stored: number, received: number, policy: CounterPolicy): SignCountCheck {
  const check = checkSignCount(stored, received);
  if (!check.ok && policy === 'throw') {
    throw new WebAuthnError('ERR_COUNTER_REGRESSION', 'Signature counter did not increase: the authenticator may be cloned', {
      // Not the stored counter: details describe the response (docs/security.md).
      rule: 'signCount must exceed the stored counter (unless both are 0)',
      received,
    });
  }
  return check;
}
