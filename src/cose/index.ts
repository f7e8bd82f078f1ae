/**
 * `webauthn-verify/cose`: COSE public keys (RFC 9052 §7, RFC 9053, WebAuthn L3 §5.8.5) decoded and
 * validated, converted to JWK / SPKI / CryptoKey, and signatures verified with any backend.
 * No X.509 code is loaded from here.
 */
export { decodeCOSEKey, coseKeyFromMap } from './key.js';
export { coseKeyToJWK } from './to-jwk.js';
export { coseKeyToSPKI } from './to-spki.js';
export { importCOSEKey } from './import-key.js';
export { COSE_ALGORITHMS, coseAlgorithmName, type COSEAlgorithm } from './algorithms.js';
export type { COSEPublicKey, EC2PublicKey, OKPPublicKey, RSAPublicKey, AKPPublicKey } from './types.js';
export { verifySignature, type SignatureBackend, type VerifySignatureInput } from '../signature/verify.js';
export { WebAuthnError, isWebAuthnError, type WebAuthnErrorCode, type WebAuthnErrorDetails } from '../errors.js';

