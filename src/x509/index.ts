/**
 * `webauthn-verify/x509`: strict X.509 for attestation (RFC 5280): certificate parsing (DER only),
 * trust anchors from PEM/DER, our own path validation, certificate keys as COSE keys, and the
 * opt-in vendor roots for attestation formats.
 */
export { parseCertificate, nameValue, type ParsedCertificate, type DistinguishedName } from './certificate.js';
export { parseTrustAnchors } from './pem.js';
export { validateCertificatePath } from './path.js';
export { certificatePublicKey } from './public-key.js';
export * from './roots.js';
export { WebAuthnError, isWebAuthnError, type WebAuthnErrorCode, type WebAuthnErrorDetails } from '../errors.js';

