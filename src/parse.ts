/**
 * `webauthn-verify/parse`: the strict byte-level parsers the ceremonies are built from, for auditors
 * and for servers that inspect responses themselves. Every function throws a coded WebAuthnError
 * on bad input (docs/errors.md). No X.509 code and no third-party package is loaded from here.
 */
export { decodeBase64url, encodeBase64url, isBase64url } from './encoding/base64url.js';
export { decodeCbor, decodeCborPrefix, type CborKey, type CborLimits, type CborMap, type CborValue } from './cbor/decode.js';
export { parseClientDataJSON, MAX_CLIENT_DATA_JSON_BYTES, type CollectedClientData } from './client-data.js';
export {
  parseAuthenticatorData,
  MAX_CREDENTIAL_ID_BYTES,
  type AuthenticatorData,
  type AuthenticatorDataFlags,
  type AttestedCredentialData,
} from './authenticator-data.js';
export { parseAttestationObject, type AttestationObject } from './attestation-object.js';
export { readAssertionEnvelope, readRegistrationEnvelope, MAX_FIELD_CHARS } from './response.js';
export type * from './response-types.js';
export { WebAuthnError, isWebAuthnError, type WebAuthnErrorCode, type WebAuthnErrorDetails } from './errors.js';

// Build note: reaching the login entry from this subpath keeps esbuild's shared chunks for
// `webauthn-verify/assertion` whole. Without it, every combination of subpaths that reaches a
// module gets its own chunk, and the login entry loads twice as many files (cold import +35 %,
// docs/performance.md). The login graph is what this subpath needs anyway; it has no side effects.
// An empty re-export, not a bare `import`: it names the dependency without asking for side effects
// (a bare import of a sideEffects:false module is one esbuild warns it drops, issue 15).
export {} from './assertion.js';
