/**
 * Checks shared by registration (§7.1) and authentication (§7.2): caller options, the ceremony
 * binding carried by clientDataJSON (type, challenge, origin, cross-origin context) and the
 * authenticatorData checks that do not depend on the credential (rpIdHash, UP, UV).
 */
import type { AuthenticatorData } from '../parse/authenticator-data.js';
import type { CollectedClientData } from '../parse/client-data.js';
import { decodeBase64url, encodeBase64url } from '../encoding/base64url.js';
import { equalBytes, isBytes } from '../encoding/bytes.js';
import type { AuditRecorder } from './audit.js';
import { WebAuthnError } from '../errors.js';
import { rpIdHash } from './rp-id-hash.js';
import type { AuthDataSteps, ClientDataSteps } from './steps.js';

/** The challenge the RP issued: its base64url text, its bytes, or a predicate over clientData.challenge. */
export type ExpectedChallenge = string | Uint8Array | ((challenge: string) => boolean | Promise<boolean>);

/** The one ERR_OPTIONS_INVALID shape of the ceremonies' options (src/ceremony/options.ts re-exports it). */
export function optionError(option: string, reason: string): never {
  throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid verification options', { option, reason });
}

/** A required string or non-empty string[] option (expectedOrigin, expectedRPID, expectedTopOrigin). */
export function stringList(value: unknown, option: string): readonly string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) optionError(option, 'must be a non-empty string or array of strings');
  for (const item of list) if (typeof item !== 'string' || item === '') optionError(option, 'must contain non-empty strings');
  return list as string[];
}

/** Validates expectedChallenge up front, so a misconfigured RP fails loudly rather than never matching. */
export function checkChallengeOption(expected: unknown): ExpectedChallenge {
  if (typeof expected === 'function') return expected as ExpectedChallenge;
  if (typeof expected === 'string') {
    if (expected === '') optionError('expectedChallenge', 'empty');
    try {
      decodeBase64url(expected, 'expectedChallenge');
    } catch {
      optionError('expectedChallenge', 'not canonical base64url');
    }
    return expected;
  }
  if (isBytes(expected)) {
    if (expected.length === 0) optionError('expectedChallenge', 'empty');
    return expected;
  }
  return optionError('expectedChallenge', 'must be a base64url string, a Uint8Array or a function');
}

export function booleanOption(value: unknown, option: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') optionError(option, 'must be a boolean');
  return value;
}

/** An optional option that must be one of `allowed`; the first is the default. */
export function choiceOption<T extends string>(value: unknown, option: string, allowed: readonly [T, ...T[]]): T {
  if (value === undefined) return allowed[0];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) optionError(option, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** §7.1 step 7 / §7.2 step 10: C.type. */
export function checkType(c: CollectedClientData, expected: 'webauthn.create' | 'webauthn.get'): void {
  if (c.type !== expected) {
    throw new WebAuthnError('ERR_CLIENT_DATA_TYPE_MISMATCH', 'clientDataJSON type is not the expected ceremony type', {
      expected,
      received: c.type,
    });
  }
}

/** §7.1 step 8 / §7.2 step 11: C.challenge equals the base64url encoding of the issued challenge. */
export async function checkChallenge(c: CollectedClientData, expected: ExpectedChallenge): Promise<void> {
  let ok: boolean;
  if (typeof expected === 'function') {
    let verdict: unknown;
    try {
      verdict = await expected(c.challenge);
    } catch (cause) {
      throw new WebAuthnError('ERR_CLIENT_DATA_CHALLENGE_MISMATCH', 'Challenge verifier rejected the challenge', { received: c.challenge }, { cause });
    }
    ok = verdict === true;
  } else {
    const text = typeof expected === 'string' ? expected : encodeBase64url(expected);
    ok = c.challenge === text;
  }
  if (!ok) {
    throw new WebAuthnError('ERR_CLIENT_DATA_CHALLENGE_MISMATCH', 'clientDataJSON challenge is not the issued challenge', {
      expected: typeof expected === 'function' ? 'verifier function' : typeof expected === 'string' ? expected : encodeBase64url(expected),
      received: c.challenge,
    });
  }
}

/** §7.1 step 9 / §7.2 step 12: C.origin is one the RP expects (exact string match). */
export function checkOrigin(c: CollectedClientData, origins: readonly string[]): void {
  if (!origins.includes(c.origin)) {
    throw new WebAuthnError('ERR_CLIENT_DATA_ORIGIN_MISMATCH', 'clientDataJSON origin is not an expected origin', {
      expected: origins.join(' '),
      received: c.origin,
    });
  }
}

/**
 * §7.1 step 10 / §7.2 step 13 (and the first half of steps 11 / 14): a cross-origin iframe context
 * (C.crossOrigin true, or C.topOrigin present) is refused unless the RP allows it. Returns whether
 * the context was cross-origin.
 */
export function checkCrossOrigin(c: CollectedClientData, allowCrossOrigin: boolean): boolean {
  const crossOrigin = c.crossOrigin === true || c.topOrigin !== undefined;
  if (crossOrigin && !allowCrossOrigin) {
    throw new WebAuthnError('ERR_CLIENT_DATA_CROSS_ORIGIN', 'Ceremony ran in a cross-origin iframe, which the RP does not allow', {
      received: c.topOrigin ?? 'crossOrigin: true',
    });
  }
  return crossOrigin;
}

/** §7.1 step 11 / §7.2 step 14: when the RP names the top origins it expects, C.topOrigin is one of them. */
export function checkTopOrigin(c: CollectedClientData, crossOrigin: boolean, topOrigins: readonly string[] | undefined): void {
  if (crossOrigin && topOrigins !== undefined && (c.topOrigin === undefined || !topOrigins.includes(c.topOrigin))) {
    throw new WebAuthnError('ERR_CLIENT_DATA_TOP_ORIGIN_MISMATCH', 'clientDataJSON topOrigin is not an expected top-level origin', {
      expected: topOrigins.join(' '),
      received: c.topOrigin ?? 'missing',
    });
  }
}

/** §7.1 step 14 / §7.2 step 15: rpIdHash is SHA-256 of an RP ID the RP expects; returns that RP ID. */
export async function matchRpId(authData: AuthenticatorData, rpIds: readonly string[]): Promise<string> {
  for (const rpId of rpIds) if (equalBytes(authData.rpIdHash, await rpIdHash(rpId))) return rpId;
  throw new WebAuthnError('ERR_AUTH_DATA_RP_ID_MISMATCH', 'authenticatorData rpIdHash does not match an expected RP ID', {
    expected: rpIds.join(' '),
  });
}

/** §7.1 step 15 / §7.2 step 16: UP is set (unless the caller turned the requirement off). */
export function checkUserPresence(authData: AuthenticatorData, requireUserPresence: boolean): void {
  if (requireUserPresence && !authData.flags.userPresent) {
    throw new WebAuthnError('ERR_AUTH_DATA_USER_PRESENCE_REQUIRED', 'User presence (UP) flag is not set');
  }
}

/** §7.1 step 16 / §7.2 step 17: UV is set when user verification is required. */
export function checkUserVerification(authData: AuthenticatorData, requireUserVerification: boolean): void {
  if (requireUserVerification && !authData.flags.userVerified) {
    throw new WebAuthnError('ERR_AUTH_DATA_USER_VERIFICATION_REQUIRED', 'User verification is required but the UV flag is not set');
  }
}

/** What the client-data checks need from the validated options. */
export interface ClientDataExpectations {
  readonly expectedChallenge: ExpectedChallenge;
  readonly origins: readonly string[];
  readonly allowCrossOrigin: boolean;
  readonly topOrigins: readonly string[] | undefined;
}

/** §7.1 steps 7–11 / §7.2 steps 10–14, each recorded under the ceremony's own step ids. */
export async function checkClientData(
  c: CollectedClientData,
  type: 'webauthn.create' | 'webauthn.get',
  o: ClientDataExpectations,
  rec: AuditRecorder,
  steps: ClientDataSteps,
): Promise<void> {
  rec.begin(steps.type, 'C.type');
  checkType(c, type);
  rec.pass(c.type);
  rec.begin(steps.challenge, 'C.challenge is the issued challenge');
  await checkChallenge(c, o.expectedChallenge);
  rec.pass(c.challenge, typeof o.expectedChallenge === 'function' ? 'verifier function' : o.expectedChallenge);
  rec.begin(steps.origin, 'C.origin is an expected origin');
  checkOrigin(c, o.origins);
  rec.pass(c.origin, o.origins);
  rec.begin(steps.crossOrigin, 'cross-origin context allowed');
  const crossOrigin = checkCrossOrigin(c, o.allowCrossOrigin);
  rec.pass(c.crossOrigin === true);
  rec.begin(steps.topOrigin, 'C.topOrigin is an expected top origin');
  checkTopOrigin(c, crossOrigin, o.topOrigins);
  if (c.topOrigin === undefined) rec.skip('no topOrigin');
  else rec.pass(c.topOrigin, o.topOrigins);
}

/** What the flag checks need from the validated options. */
export interface FlagExpectations {
  readonly rpIds: readonly string[];
  readonly requireUP: boolean;
  readonly requireUV: boolean;
}

/** §7.1 steps 14–17 / §7.2 steps 15–18: rpIdHash, UP, UV, BS⇒BE (the parser checked the last). Returns the matched RP ID. */
export async function checkAuthDataFlags(authData: AuthenticatorData, o: FlagExpectations, rec: AuditRecorder, steps: AuthDataSteps): Promise<string> {
  rec.begin(steps.rpIdHash, 'rpIdHash is SHA-256 of an expected RP ID');
  const rpId = await matchRpId(authData, o.rpIds);
  rec.pass(rpId, o.rpIds);
  rec.begin(steps.up, 'UP flag set');
  checkUserPresence(authData, o.requireUP);
  if (o.requireUP) rec.pass(authData.flags.userPresent);
  else rec.skip('requireUserPresence false');
  rec.begin(steps.uv, 'UV flag set');
  checkUserVerification(authData, o.requireUV);
  if (o.requireUV) rec.pass(authData.flags.userVerified);
  else rec.skip('requireUserVerification false');
  rec.note(steps.backupState, 'BS set only with BE (checked by the parser)', 'pass', authData.flags.backedUp);
  return rpId;
}
