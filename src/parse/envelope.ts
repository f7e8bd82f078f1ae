/**
 * The response envelope: PublicKeyCredential.toJSON() as it arrives from the network (WebAuthn L3
 * §5.1 RegistrationResponseJSON / AuthenticationResponseJSON). Every member is checked for presence,
 * type, size and strict base64url before any byte is parsed; each failure names the member.
 */
import { decodeBase64url } from '../encoding/base64url.js';
import { WebAuthnError } from '../errors.js';

/** Caps (in base64url characters) checked before decoding, so a megabyte string costs nothing. */
export const MAX_FIELD_CHARS = {
  id: 1400, // 1023-byte credential id → 1364 characters
  clientDataJSON: 44_000, // 32 KiB
  authenticatorData: 22_000, // 16 KiB
  signature: 8_000, // ML-DSA-87 signatures are 4627 bytes
  userHandle: 100, // ≤ 64 bytes (§5.4.3)
  attestationObject: 180_000, // ~128 KiB: certificate chains (tpm, safetynet) are the bulk
} as const;

export interface ParsedAssertionEnvelope {
  readonly id: string;
  readonly rawId: Uint8Array;
  readonly clientDataJSON: Uint8Array;
  readonly authenticatorData: Uint8Array;
  readonly signature: Uint8Array;
  readonly userHandle: Uint8Array | undefined;
}

export interface ParsedRegistrationEnvelope {
  readonly id: string;
  readonly rawId: Uint8Array;
  readonly clientDataJSON: Uint8Array;
  readonly attestationObject: Uint8Array;
  /** The AuthenticatorTransport values among response.transports. */
  readonly transports: readonly string[];
  /** The other entries, reported (strings clipped to 64 characters; non-strings as `<typeof>`). */
  readonly droppedTransports: readonly string[];
}

function shapeError(field: string, reason: string): never {
  throw new WebAuthnError('ERR_RESPONSE_INVALID', 'Response member is missing or malformed', { field, reason });
}

function asObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) shapeError(field, 'not an object');
  return value as Record<string, unknown>;
}

/** A required, non-empty, size-capped base64url member. */
function bytesField(obj: Record<string, unknown>, name: keyof typeof MAX_FIELD_CHARS, path: string): Uint8Array {
  const value = obj[name];
  if (value === undefined || value === null) shapeError(path, 'missing');
  if (typeof value !== 'string') shapeError(path, 'not a string');
  if (value === '') shapeError(path, 'empty');
  if (value.length > MAX_FIELD_CHARS[name]) {
    throw new WebAuthnError('ERR_RESPONSE_TOO_LARGE', 'Response member exceeds its size limit', {
      field: path,
      expected: MAX_FIELD_CHARS[name],
      received: value.length,
    });
  }
  return decodeBase64url(value, path);
}

/** id and rawId: both present, identical text, canonical base64url (§5.1: id = base64url(rawId)). */
function readIds(cred: Record<string, unknown>): { id: string; rawId: Uint8Array } {
  const rawId = bytesField(cred, 'id', 'id');
  const id = cred.id as string;
  if (cred.rawId === undefined || cred.rawId === null) shapeError('rawId', 'missing');
  if (typeof cred.rawId !== 'string') shapeError('rawId', 'not a string');
  if (cred.rawId !== id) {
    throw new WebAuthnError('ERR_RESPONSE_ID_MISMATCH', 'Response id and rawId differ', {
      expected: id,
      received: cred.rawId,
    });
  }
  // §5.1: type is "public-key" for every credential this API handles.
  if (cred.type !== 'public-key') {
    throw new WebAuthnError('ERR_RESPONSE_TYPE_INVALID', 'Response type is not "public-key"', {
      received: typeof cred.type === 'string' ? cred.type : typeof cred.type,
    });
  }
  return { id, rawId };
}

/** Reads an AuthenticationResponseJSON. */
export function readAssertionEnvelope(value: unknown): ParsedAssertionEnvelope {
  const cred = asObject(value, 'credential');
  const { id, rawId } = readIds(cred);
  const r = asObject(cred.response, 'response');
  const clientDataJSON = bytesField(r, 'clientDataJSON', 'response.clientDataJSON');
  const authenticatorData = bytesField(r, 'authenticatorData', 'response.authenticatorData');
  const signature = bytesField(r, 'signature', 'response.signature');
  // §5.4.3: a user handle is 1 to 64 bytes; null or absent means "not returned". Some browser and
  // library combinations send "" for a non-discoverable credential (§5.2.2 says null): an empty
  // handle names no user, so it is read as absent too (docs/security.md "Interoperability").
  const absent = r.userHandle === undefined || r.userHandle === null || r.userHandle === '';
  const userHandle = absent ? undefined : bytesField(r, 'userHandle', 'response.userHandle');
  if (userHandle !== undefined && userHandle.length > 64) shapeError('response.userHandle', 'longer than 64 bytes');
  return { id, rawId, clientDataJSON, authenticatorData, signature, userHandle };
}

/** Reads a RegistrationResponseJSON. */
export function readRegistrationEnvelope(value: unknown): ParsedRegistrationEnvelope {
  const cred = asObject(value, 'credential');
  const { id, rawId } = readIds(cred);
  const r = asObject(cred.response, 'response');
  const clientDataJSON = bytesField(r, 'clientDataJSON', 'response.clientDataJSON');
  const attestationObject = bytesField(r, 'attestationObject', 'response.attestationObject');
  const { transports, droppedTransports } = readTransports(r.transports);
  return { id, rawId, clientDataJSON, attestationObject, transports, droppedTransports };
}

/** AuthenticatorTransport (WebAuthn L3 §5.8.4). */
export const KNOWN_TRANSPORTS: readonly string[] = Object.freeze(['usb', 'nfc', 'ble', 'smart-card', 'hybrid', 'internal']);

/**
 * response.transports (§5.2.1 getTransports()): hints the authenticator does not sign, so they
 * never refuse a registration. Known values are kept once each, in order; anything else is dropped
 * and reported (at most 16 reported, each clipped). Only a value that is not an array is refused.
 */
function readTransports(value: unknown): { transports: string[]; droppedTransports: string[] } {
  const transports: string[] = [];
  const droppedTransports: string[] = [];
  if (value === undefined || value === null) return { transports, droppedTransports };
  if (!Array.isArray(value)) shapeError('response.transports', 'not an array');
  for (const t of value as unknown[]) {
    if (typeof t === 'string' && KNOWN_TRANSPORTS.includes(t)) {
      if (!transports.includes(t)) transports.push(t);
    } else if (droppedTransports.length < 16) {
      droppedTransports.push(typeof t === 'string' ? t.slice(0, 64) : `<${t === null ? 'null' : typeof t}>`);
    }
  }
  return { transports, droppedTransports };
}
