/**
 * Browser failures as coded WebAuthnErrors. navigator.credentials.create()/get() reject with
 * DOMExceptions whose `name` is the contract (WebAuthn L3 §5.1.3 "Create a New Credential",
 * §5.1.4 "Use an Existing Credential"); the message is the browser's own and varies, so callers
 * branch on our code and may show `details.name`/`details.message` for diagnosis.
 */
import { WebAuthnError, type WebAuthnErrorCode } from '../errors.js';

export type Ceremony = 'create' | 'get';

const CODES: Record<string, WebAuthnErrorCode> = {
  NotAllowedError: 'ERR_BROWSER_NOT_ALLOWED',
  InvalidStateError: 'ERR_BROWSER_INVALID_STATE',
  AbortError: 'ERR_BROWSER_ABORTED',
  SecurityError: 'ERR_BROWSER_SECURITY',
  NotSupportedError: 'ERR_BROWSER_UNSUPPORTED',
  ConstraintError: 'ERR_BROWSER_CONSTRAINT',
  TypeError: 'ERR_OPTIONS_INVALID',
};

const MESSAGES: Partial<Record<WebAuthnErrorCode, string>> = {
  ERR_BROWSER_NOT_ALLOWED: 'The user cancelled, the request timed out, or the page may not ask now',
  ERR_BROWSER_INVALID_STATE: 'The authenticator refused the request in its current state',
  ERR_BROWSER_ABORTED: 'The request was aborted',
  ERR_BROWSER_SECURITY: 'The RP ID is not valid for this origin, or the context is not secure',
  ERR_BROWSER_UNSUPPORTED: 'No authenticator or browser feature supports this request',
  ERR_BROWSER_CONSTRAINT: 'No authenticator can meet the requested resident key or user verification',
  ERR_OPTIONS_INVALID: 'The browser refused the options',
};

/** A thrown DOMException (or anything else) from create()/get() as one WebAuthnError. */
export function browserError(error: unknown, ceremony: Ceremony): WebAuthnError {
  if (error instanceof WebAuthnError) return error;
  const name = typeof (error as { name?: unknown })?.name === 'string' ? (error as { name: string }).name : typeof error;
  const message = typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : undefined;
  const code = CODES[name] ?? 'ERR_BROWSER_FAILED';
  const text = MESSAGES[code] ?? 'The browser could not complete the WebAuthn request';
  const details = code === 'ERR_OPTIONS_INVALID' ? { option: 'options', ceremony, name, message } : { ceremony, name, message };
  return new WebAuthnError(code, text, details, { cause: error });
}

/** The feature is missing from this browser (no WebAuthn at all, or no conditional mediation). */
export function unsupported(feature: string, ceremony: Ceremony): WebAuthnError {
  return new WebAuthnError('ERR_BROWSER_UNSUPPORTED', 'This browser lacks a WebAuthn feature the request needs', { ceremony, feature });
}
