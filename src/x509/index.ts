/**
 * `webauthn-verify/x509`: strict X.509 for attestation (RFC 5280): certificate parsing (DER only),
 * trust anchors from PEM/DER, our own path validation, certificate keys as COSE keys, and the
 * opt-in vendor roots for attestation formats.
 */
export { parseCertificate, nameValue, type ParsedCertificate, type DistinguishedName } from './certificate.js';
export { parseTrustAnchors } from './pem.js';
export { validateCertificatePath } from './path.js';
export { certificatePublicKey } from './public-key.js';
export * from '../attestation/roots.js';
export { WebAuthnError, isWebAuthnError, type WebAuthnErrorCode, type WebAuthnErrorDetails } from '../errors.js';

// Build note: reaching the login entry from this subpath keeps esbuild's shared chunks for
// `webauthn-verify/assertion` whole. Without it, every combination of subpaths that reaches a
// module gets its own chunk, and the login entry loads twice as many files (cold import +35 %,
// docs/performance.md). The login graph is what this subpath needs anyway; it has no side effects.
// An empty re-export, not a bare `import`: it names the dependency without asking for side effects
// (a bare import of a sideEffects:false module is one esbuild warns it drops, issue 15).
export {} from '../assertion.js';
