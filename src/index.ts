/**
 * webauthn-verify: strict WebAuthn (passkey) verification for servers.
 *
 * The two ceremony calls are `verifyRegistration` (WebAuthn L3 §7.1) and `verifyAssertion` (§7.2);
 * the rest are the pure modules they are built from, exported for auditors and advanced use.
 * Login-only servers can import `webauthn-verify/assertion`, which loads no X.509 code.
 */

// Ceremonies
export { verifyAssertion, type StoredCredential, type VerifyAssertionOptions, type VerifiedAssertion } from './ceremony/assertion.js';
export {
  verifyRegistration,
  DEFAULT_SUPPORTED_ALGORITHMS,
  type AttestationOptions,
  type TrustAnchorInput,
  type TrustAnchorResolver,
  type VerifyRegistrationOptions,
  type VerifiedRegistration,
} from './ceremony/registration.js';
export {
  prepareCredentialKey,
  isPreparedCredentialKey,
  createCredentialKeyCache,
  type PreparedCredentialKey,
  type CredentialPublicKeyInput,
  type CredentialKeyCache,
  type CredentialKeyCacheOptions,
} from './ceremony/credential-key.js';
export type { ExpectedChallenge } from './ceremony/checks.js';
export type { CounterPolicy, SignCountCheck } from './ceremony/counter.js';

// Options for the browser
export * from './browser-options.js';

// Errors
export { WebAuthnError, isWebAuthnError, type WebAuthnErrorCode, type WebAuthnErrorDetails } from './errors.js';

// Low-level modules (also their own light subpaths: webauthn-verify/parse, webauthn-verify/cose).
// The parse list is spelled out rather than `export * from './parse/index.js'`: parse.ts holds no code of
// its own, and a shared re-export module became an empty chunk in the build (issue 15).
// test/package/entry-points.test.ts keeps this list equal to webauthn-verify/parse.
export { decodeBase64url, encodeBase64url, isBase64url } from './encoding/base64url.js';
export { decodeCbor, decodeCborPrefix, type CborKey, type CborLimits, type CborMap, type CborValue } from './cbor/decode.js';
export { parseClientDataJSON, MAX_CLIENT_DATA_JSON_BYTES, type CollectedClientData } from './parse/client-data.js';
export {
  parseAuthenticatorData,
  MAX_CREDENTIAL_ID_BYTES,
  type AuthenticatorData,
  type AuthenticatorDataFlags,
  type AttestedCredentialData,
} from './parse/authenticator-data.js';
export { parseAttestationObject, type AttestationObject } from './parse/attestation-object.js';
export { readAssertionEnvelope, readRegistrationEnvelope, MAX_FIELD_CHARS } from './parse/envelope.js';
export type * from './parse/types.js';
export * from './cose/index.js';
export { checkSignCount } from './ceremony/counter.js';

// Attestation and X.509 (X.509 also as webauthn-verify/x509)
export { ATTESTATION_FORMATS, SUPPORTED_ATTESTATION_FORMATS } from './attestation/formats.js';
export type { AttestationContext, AttestationPolicy, AttestationResult, AttestationType, AttestationVerifier } from './attestation/types.js';
export * from './x509/index.js';

// FIDO Metadata Service (also webauthn-verify/metadata)
export * from './metadata/index.js';
export type { AttestationMetadata } from './attestation/metadata.js';
