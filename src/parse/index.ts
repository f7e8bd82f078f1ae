/**
 * `webauthn-verify/parse`: the strict byte-level parsers the ceremonies are built from, for auditors
 * and for servers that inspect responses themselves. Every function throws a coded WebAuthnError
 * on bad input (docs/errors.md). No X.509 code and no third-party package is loaded from here.
 */
export { decodeBase64url, encodeBase64url, isBase64url } from '../encoding/base64url.js';
export { decodeCbor, decodeCborPrefix, type CborKey, type CborLimits, type CborMap, type CborValue } from '../cbor/decode.js';
export { parseClientDataJSON, MAX_CLIENT_DATA_JSON_BYTES, type CollectedClientData } from './client-data.js';
export {
  parseAuthenticatorData,
  MAX_CREDENTIAL_ID_BYTES,
  type AuthenticatorData,
  type AuthenticatorDataFlags,
  type AttestedCredentialData,
} from './authenticator-data.js';
export { parseAttestationObject, type AttestationObject } from './attestation-object.js';
export { readAssertionEnvelope, readRegistrationEnvelope, MAX_FIELD_CHARS } from './envelope.js';
export type * from './types.js';
export { WebAuthnError, isWebAuthnError, type WebAuthnErrorCode, type WebAuthnErrorDetails } from '../errors.js';

