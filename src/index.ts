/**
 * webauthn-verify: strict WebAuthn (passkey) verification for servers.
 *
 * The two ceremony calls are `verifyRegistration` (WebAuthn L3 §7.1) and `verifyAssertion` (§7.2);
 * the rest are the pure modules they are built from, exported for auditors and advanced use.
 * Login-only servers can import `webauthn-verify/assertion`, which loads no X.509 code.
 */

// Ceremonies
export { verifyAssertion, type StoredCredential, type VerifyAssertionOptions, type VerifiedAssertion } from './assertion.js';
export {
  verifyRegistration,
  DEFAULT_SUPPORTED_ALGORITHMS,
  type AttestationOptions,
  type TrustAnchorInput,
  type TrustAnchorResolver,
  type VerifyRegistrationOptions,
  type VerifiedRegistration,
} from './registration.js';
export {
  prepareCredentialKey,
  isPreparedCredentialKey,
  createCredentialKeyCache,
  type PreparedCredentialKey,
  type CredentialPublicKeyInput,
  type CredentialKeyCache,
  type CredentialKeyCacheOptions,
} from './prepared-key.js';
export type { ExpectedChallenge } from './ceremony.js';
export type { CounterPolicy, SignCountCheck } from './counter.js';

// Options for the browser
export * from './options.js';

// Errors
export { WebAuthnError, isWebAuthnError, type WebAuthnErrorCode, type WebAuthnErrorDetails } from './errors.js';

// Low-level modules (also their own light subpaths: webauthn-verify/parse, webauthn-verify/cose)
export * from './parse.js';
export * from './cose/index.js';
export { checkSignCount } from './counter.js';

// Attestation and X.509 (X.509 also as webauthn-verify/x509)
export { ATTESTATION_FORMATS, SUPPORTED_ATTESTATION_FORMATS } from './attestation/formats.js';
export type { AttestationContext, AttestationPolicy, AttestationResult, AttestationType, AttestationVerifier } from './attestation/types.js';
export * from './x509/index.js';
