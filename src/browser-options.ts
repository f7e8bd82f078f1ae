/**
 * Options generation: the server half of `navigator.credentials.create()/get()`.
 *
 * The output is exactly the L3 JSON shape (§5.4 PublicKeyCredentialCreationOptionsJSON, §5.5
 * PublicKeyCredentialRequestOptionsJSON) that browsers accept in
 * `PublicKeyCredential.parseCreationOptionsFromJSON()` / `parseRequestOptionsFromJSON()`: every
 * binary member is unpadded base64url. Inputs are validated and a bad one throws
 * `ERR_OPTIONS_INVALID` with `details.option` (the input's name), so a misconfigured server fails at options time
 * instead of handing the browser something it rejects with an opaque TypeError.
 *
 * Storing the returned `challenge` (and expiring it) is the caller's job: see docs/demo.md.
 */
import { DEFAULT_SUPPORTED_ALGORITHMS } from './cose/default-algorithms.js';
import { WebAuthnError } from './errors.js';
import { decodeBase64url, encodeBase64url } from './encoding/base64url.js';

export type AuthenticatorTransport = 'ble' | 'hybrid' | 'internal' | 'nfc' | 'usb' | 'smart-card' | (string & {});
export type UserVerificationRequirement = 'required' | 'preferred' | 'discouraged';
export type ResidentKeyRequirement = 'required' | 'preferred' | 'discouraged';
export type AttestationConveyancePreference = 'none' | 'indirect' | 'direct' | 'enterprise';
export type PublicKeyCredentialHint = 'security-key' | 'client-device' | 'hybrid';

export interface PublicKeyCredentialDescriptorJSON {
  id: string;
  type: 'public-key';
  transports?: AuthenticatorTransport[];
}

export interface AuthenticatorSelectionCriteria {
  authenticatorAttachment?: 'platform' | 'cross-platform';
  residentKey?: ResidentKeyRequirement;
  requireResidentKey?: boolean;
  userVerification?: UserVerificationRequirement;
}

export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { id: string; name: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: { type: 'public-key'; alg: number }[];
  timeout: number;
  excludeCredentials: PublicKeyCredentialDescriptorJSON[];
  authenticatorSelection: AuthenticatorSelectionCriteria;
  hints: PublicKeyCredentialHint[];
  attestation: AttestationConveyancePreference;
  extensions?: Record<string, unknown>;
}

export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: string;
  timeout: number;
  rpId: string;
  allowCredentials: PublicKeyCredentialDescriptorJSON[];
  userVerification: UserVerificationRequirement;
  hints: PublicKeyCredentialHint[];
  extensions?: Record<string, unknown>;
}

/** A credential to exclude (registration) or allow (authentication): id as base64url or bytes. */
export interface CredentialDescriptorInput {
  id: string | Uint8Array;
  transports?: AuthenticatorTransport[];
}

export interface GenerateRegistrationOptionsInput {
  rpName: string;
  rpID: string;
  userName: string;
  /** The user handle, 1..64 bytes (§5.4.3). Default: 32 random bytes. Never put PII here. */
  userID?: Uint8Array;
  /** Default: '' (the spec allows an empty display name). */
  userDisplayName?: string;
  /** 16..1024 bytes, or its base64url form. Default: 32 random bytes. */
  challenge?: Uint8Array | string;
  /** Milliseconds, 1..3_600_000. Default 300_000 (5 minutes). */
  timeout?: number;
  /** Default 'none'. */
  attestationType?: AttestationConveyancePreference;
  excludeCredentials?: CredentialDescriptorInput[];
  /** Default { residentKey: 'preferred', userVerification: 'required' }. */
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  /** COSE algorithm identifiers in preference order. Default [-8, -7, -257] (EdDSA, ES256, RS256). */
  supportedAlgorithmIDs?: number[];
  hints?: PublicKeyCredentialHint[];
  extensions?: Record<string, unknown>;
}

export interface GenerateAuthenticationOptionsInput {
  rpID: string;
  challenge?: Uint8Array | string;
  timeout?: number;
  /** Empty or omitted: a username-less (discoverable credential) sign-in. */
  allowCredentials?: CredentialDescriptorInput[];
  /** Default 'required', matching verifyAssertion's default requireUserVerification: true. */
  userVerification?: UserVerificationRequirement;
  hints?: PublicKeyCredentialHint[];
  extensions?: Record<string, unknown>;
}

export const DEFAULT_TIMEOUT_MS = 300_000;
/** Alias of DEFAULT_SUPPORTED_ALGORITHMS (the same array, src/cose/algorithms.ts), under this options' naming. */
export const DEFAULT_SUPPORTED_ALGORITHM_IDS: readonly number[] = DEFAULT_SUPPORTED_ALGORITHMS;
const MAX_TIMEOUT_MS = 3_600_000;
const MIN_CHALLENGE_BYTES = 16; // §13.4.3: challenges SHOULD be at least 16 bytes
const MAX_CHALLENGE_BYTES = 1024;
const MAX_DESCRIPTORS = 256;
const MAX_TEXT = 1024;

const UV_VALUES: readonly string[] = ['required', 'preferred', 'discouraged'];
const RK_VALUES: readonly string[] = ['required', 'preferred', 'discouraged'];
const ATTESTATION_VALUES: readonly string[] = ['none', 'indirect', 'direct', 'enterprise'];
const ATTACHMENT_VALUES: readonly string[] = ['platform', 'cross-platform'];
const HINT_VALUES: readonly string[] = ['security-key', 'client-device', 'hybrid'];

function invalid(option: string, expected: unknown, received: unknown): never {
  throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid options input', { option, expected, received: describe(received) });
}

function describe(value: unknown): unknown {
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'array' : 'object';
  return value;
}

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  crypto.getRandomValues(out);
  return out;
}

function text(field: string, value: unknown, allowEmpty: boolean): string {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0) || value.length > MAX_TEXT) {
    invalid(field, allowEmpty ? 'string' : 'non-empty string', value);
  }
  return value;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly string[]): T {
  if (typeof value !== 'string' || !allowed.includes(value)) invalid(field, allowed, value);
  return value as T;
}

/**
 * §5.4.2 rp.id / §5.5 rpId: a valid domain string (lowercase ASCII labels). We are stricter than
 * "any string": no scheme, port, path, uppercase or IP literal, since the browser would refuse
 * those anyway (the RP ID must be a registrable suffix of the origin's effective domain).
 */
function rpId(value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > 253 ||
    !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(value) ||
    /^[0-9.]+$/.test(value)
  ) {
    invalid('rpID', 'lowercase domain name such as "example.com" or "localhost"', value);
  }
  return value;
}

function challenge(value: unknown): string {
  let bytes: Uint8Array;
  if (value === undefined) bytes = randomBytes(32);
  else if (value instanceof Uint8Array) bytes = value;
  else if (typeof value === 'string') {
    try {
      bytes = decodeBase64url(value, 'challenge');
    } catch {
      invalid('challenge', 'base64url string or Uint8Array', value);
    }
  } else invalid('challenge', 'base64url string or Uint8Array', value);
  if (bytes.length < MIN_CHALLENGE_BYTES || bytes.length > MAX_CHALLENGE_BYTES) {
    invalid('challenge', `${MIN_CHALLENGE_BYTES}..${MAX_CHALLENGE_BYTES} bytes`, bytes.length);
  }
  return encodeBase64url(bytes);
}

function timeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TIMEOUT_MS) {
    invalid('timeout', `integer milliseconds 1..${MAX_TIMEOUT_MS}`, value);
  }
  return value;
}

function descriptors(field: string, value: unknown): PublicKeyCredentialDescriptorJSON[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_DESCRIPTORS) invalid(field, `array of at most ${MAX_DESCRIPTORS}`, value);
  const seen = new Set<string>();
  return value.map((d: unknown, i) => {
    if (typeof d !== 'object' || d === null) invalid(`${field}[${i}]`, '{ id, transports? }', d);
    const { id, transports } = d as { id?: unknown; transports?: unknown };
    let idText: string;
    if (id instanceof Uint8Array && id.length > 0 && id.length <= 1023) idText = encodeBase64url(id);
    else if (typeof id === 'string' && id.length > 0) {
      try {
        decodeBase64url(id, 'id');
      } catch {
        invalid(`${field}[${i}].id`, 'base64url string', id);
      }
      idText = id;
    } else invalid(`${field}[${i}].id`, 'non-empty base64url string or Uint8Array (≤ 1023 bytes, §6.1)', id);
    if (seen.has(idText)) invalid(`${field}[${i}].id`, 'unique credential ids', idText);
    seen.add(idText);
    const out: PublicKeyCredentialDescriptorJSON = { id: idText, type: 'public-key' };
    if (transports !== undefined) {
      // Unknown transport strings are kept: §5.8.4 tells clients to ignore values they do not know.
      if (!Array.isArray(transports) || transports.some((t) => typeof t !== 'string' || t.length === 0 || t.length > 32)) {
        invalid(`${field}[${i}].transports`, 'array of transport strings', transports);
      }
      out.transports = [...(transports as string[])];
    }
    return out;
  });
}

function hints(value: unknown): PublicKeyCredentialHint[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid('hints', HINT_VALUES, value);
  const out = value.map((h, i) => oneOf<PublicKeyCredentialHint>(`hints[${i}]`, h, HINT_VALUES));
  if (new Set(out).size !== out.length) invalid('hints', 'no duplicates', value);
  return out;
}

function extensions(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    invalid('extensions', 'plain object', value);
  }
  return { ...(value as Record<string, unknown>) };
}

function algorithms(value: unknown): { type: 'public-key'; alg: number }[] {
  const list = value === undefined ? DEFAULT_SUPPORTED_ALGORITHM_IDS : value;
  if (!Array.isArray(list) || list.length === 0 || list.length > 32) invalid('supportedAlgorithmIDs', 'non-empty array of COSE algorithm ids', value);
  for (const alg of list) {
    if (typeof alg !== 'number' || !Number.isSafeInteger(alg) || alg === 0) invalid('supportedAlgorithmIDs', 'non-zero integer COSE ids', alg);
  }
  if (new Set(list).size !== list.length) invalid('supportedAlgorithmIDs', 'no duplicates', value);
  return (list as number[]).map((alg) => ({ type: 'public-key', alg }));
}

function selection(value: unknown): AuthenticatorSelectionCriteria {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    invalid('authenticatorSelection', 'object', value);
  }
  const v = (value ?? {}) as AuthenticatorSelectionCriteria;
  const residentKey = oneOf<ResidentKeyRequirement>('authenticatorSelection.residentKey', v.residentKey ?? 'preferred', RK_VALUES);
  const out: AuthenticatorSelectionCriteria = {
    residentKey,
    // §5.4.4: requireResidentKey is kept for L1 clients and MUST be true iff residentKey is 'required'.
    requireResidentKey: residentKey === 'required',
    userVerification: oneOf<UserVerificationRequirement>(
      'authenticatorSelection.userVerification',
      v.userVerification ?? 'required',
      UV_VALUES,
    ),
  };
  if (v.requireResidentKey !== undefined && v.requireResidentKey !== out.requireResidentKey) {
    invalid('authenticatorSelection.requireResidentKey', out.requireResidentKey, v.requireResidentKey);
  }
  if (v.authenticatorAttachment !== undefined) {
    out.authenticatorAttachment = oneOf<'platform' | 'cross-platform'>('authenticatorSelection.authenticatorAttachment', v.authenticatorAttachment, ATTACHMENT_VALUES);
  }
  return out;
}

/** Options for `navigator.credentials.create()` (§5.4), as JSON. */
export function generateRegistrationOptions(input: GenerateRegistrationOptionsInput): PublicKeyCredentialCreationOptionsJSON {
  if (typeof input !== 'object' || input === null) invalid('input', 'object', input);
  const userID = input.userID ?? randomBytes(32);
  // §5.4.3 user.id: a user handle of at most 64 bytes; empty is not allowed.
  if (!(userID instanceof Uint8Array) || userID.length < 1 || userID.length > 64) {
    invalid('userID', 'Uint8Array of 1..64 bytes', userID);
  }
  const out: PublicKeyCredentialCreationOptionsJSON = {
    rp: { id: rpId(input.rpID), name: text('rpName', input.rpName, false) },
    user: {
      id: encodeBase64url(userID),
      name: text('userName', input.userName, false),
      displayName: text('userDisplayName', input.userDisplayName ?? '', true),
    },
    challenge: challenge(input.challenge),
    pubKeyCredParams: algorithms(input.supportedAlgorithmIDs),
    timeout: timeout(input.timeout),
    excludeCredentials: descriptors('excludeCredentials', input.excludeCredentials),
    authenticatorSelection: selection(input.authenticatorSelection),
    hints: hints(input.hints),
    attestation: oneOf<AttestationConveyancePreference>('attestationType', input.attestationType ?? 'none', ATTESTATION_VALUES),
  };
  const ext = extensions(input.extensions);
  if (ext !== undefined) out.extensions = ext;
  return out;
}

/** Options for `navigator.credentials.get()` (§5.5), as JSON. */
export function generateAuthenticationOptions(input: GenerateAuthenticationOptionsInput): PublicKeyCredentialRequestOptionsJSON {
  if (typeof input !== 'object' || input === null) invalid('input', 'object', input);
  const out: PublicKeyCredentialRequestOptionsJSON = {
    challenge: challenge(input.challenge),
    timeout: timeout(input.timeout),
    rpId: rpId(input.rpID),
    allowCredentials: descriptors('allowCredentials', input.allowCredentials),
    userVerification: oneOf<UserVerificationRequirement>('userVerification', input.userVerification ?? 'required', UV_VALUES),
    hints: hints(input.hints),
  };
  const ext = extensions(input.extensions);
  if (ext !== undefined) out.extensions = ext;
  return out;
}
