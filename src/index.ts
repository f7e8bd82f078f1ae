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

// Low-level modules
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
export { decodeCOSEKey, coseKeyFromMap } from './cose/key.js';
export { coseKeyToJWK } from './cose/to-jwk.js';
export { coseKeyToSPKI } from './cose/to-spki.js';
export { importCOSEKey } from './cose/import-key.js';
export { COSE_ALGORITHMS, coseAlgorithmName, type COSEAlgorithm } from './cose/algorithms.js';
export type { COSEPublicKey, EC2PublicKey, OKPPublicKey, RSAPublicKey, AKPPublicKey } from './cose/types.js';
export { verifySignature, type SignatureBackend, type VerifySignatureInput } from './signature/verify.js';
export { checkSignCount } from './counter.js';
export { readAssertionEnvelope, readRegistrationEnvelope, MAX_FIELD_CHARS } from './response.js';
export type * from './response-types.js';

// Attestation and X.509
export { ATTESTATION_FORMATS, SUPPORTED_ATTESTATION_FORMATS } from './attestation/formats.js';
export type { AttestationContext, AttestationPolicy, AttestationResult, AttestationType, AttestationVerifier } from './attestation/types.js';
export * from './attestation/roots.js';
export { parseCertificate, type ParsedCertificate, type DistinguishedName } from './x509/certificate.js';
export { parseTrustAnchors } from './x509/pem.js';
export { validateCertificatePath } from './x509/path.js';
export { certificatePublicKey } from './x509/public-key.js';
