/**
 * `webauthn-verify/testing`: a software authenticator for tests. It produces real WebAuthn L3
 * responses (RegistrationResponseJSON / AuthenticationResponseJSON) signed with freshly generated
 * keys, plus deliberate fault knobs for negative tests. Web-standard APIs only (WebCrypto, with
 * @noble for Ed448 and ML-DSA), so it runs on Node, Deno, Bun and in browsers.
 *
 * Not for production use: keys live in memory and nothing here is hardened.
 */
export {
  createTestCredential,
  generateCredentialKeyPair,
  signWebAuthn,
  algFromKey,
  SUPPORTED_TEST_ALGS,
  type TestCredential,
  type TestPrivateKey,
  type NobleSigningKey,
  type CreateTestCredentialOptions,
  type GeneratedKeyPair,
} from './credential.js';
export {
  createRegistrationResponse,
  type CreateRegistrationResponseOptions,
  type RegistrationFaults,
  type AttestationKeyAndChain,
} from './registration.js';
export { createAssertionResponse, type CreateAssertionResponseOptions, type AssertionFaults } from './assertion.js';
export type { CommonFaults } from './faults.js';
export {
  buildAuthenticatorData,
  encodeAttestedCredentialData,
  flagsByte,
  FLAG,
  type AuthenticatorDataFlags,
  type AttestedCredentialDataInput,
  type BuildAuthenticatorDataOptions,
} from './authenticator-data.js';
export {
  buildClientDataJSON,
  challengeToBase64url,
  type BuildClientDataOptions,
  type ClientDataFaults,
} from './client-data.js';
export { jwkToCoseKey, cryptoKeyToCoseKey, okpCoseKey, akpCoseKey } from './cose.js';
export * from './certificates.js';
export { createMetadataBLOB, type CreateMetadataBLOBOptions, type TestMetadataBLOB } from './metadata.js';
export { issueTestCRL, type IssueTestCRLOptions } from './crl.js';
