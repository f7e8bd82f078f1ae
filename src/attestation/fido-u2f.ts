/**
 * "fido-u2f" attestation statement format, WebAuthn L3 §8.6
 * https://w3c.github.io/webauthn/#sctn-fido-u2f-attestation
 *
 *   $$attStmtType //= (
 *                         fmt: "fido-u2f",
 *                         attStmt: u2fStmtFormat
 *                     )
 *   u2fStmtFormat = {
 *                       x5c: [ attestnCert: bytes ],
 *                       sig: bytes
 *                   }
 *
 * Stricter than the spec (docs/attestation.md): unknown keys are rejected. The AAGUID is NOT
 * required to be zero by default: L3 §8.6 has no such rule and the spec's own test vector
 * (§16 "FIDO U2F Attestation with ES256 Credential") carries a non-zero AAGUID. FIDO server
 * conformance (Resp-8 F-1) wants non-zero rejected: opt in with `fidoU2FRequireZeroAaguid`.
 */
import type { CborMap } from '../cbor/decode.js';
import { concat, toHex } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { certificatePublicKey } from '../x509/public-key.js';
import { attestedFields, verifyStatementSignature } from './certificate-checks.js';
import { parseX5c, validateAttestationChain } from './trust.js';
import type { AttestationResult, AttestationVerifier } from './types.js';

function invalidStatement(message: string, details: Record<string, unknown>): WebAuthnError {
  return new WebAuthnError('ERR_ATTESTATION_STATEMENT_INVALID', message, details);
}

/** §8.6 step 1: exactly { sig, x5c } with one certificate. */
function readU2fStatement(attStmt: CborMap): { sig: Uint8Array; x5c: unknown[] } {
  if (!(attStmt instanceof Map)) throw invalidStatement('fido-u2f attestation statement must be a map', { received: typeof attStmt });
  for (const key of attStmt.keys()) {
    if (key !== 'sig' && key !== 'x5c') {
      throw invalidStatement('fido-u2f attestation statement has an unknown key', { received: String(key) });
    }
  }
  const sig = attStmt.get('sig');
  if (!(sig instanceof Uint8Array) || sig.length === 0) {
    throw invalidStatement('fido-u2f sig must be a non-empty byte string', { field: 'sig' });
  }
  const x5c = attStmt.get('x5c');
  if (!Array.isArray(x5c)) throw invalidStatement('fido-u2f x5c must be an array', { field: 'x5c' });
  // §8.6 step 2: "Check that x5c has exactly one element".
  if (x5c.length !== 1) {
    throw new WebAuthnError('ERR_ATTESTATION_CERTIFICATE_INVALID', 'fido-u2f x5c must hold exactly one certificate', {
      expected: 1,
      received: x5c.length,
    });
  }
  return { sig, x5c };
}

export const verifyFidoU2F: AttestationVerifier = async (attStmt, ctx) => {
  const { sig, x5c } = readU2fStatement(attStmt);
  const chain = parseX5c(x5c);
  const attCert = chain[0]!;
  // §8.6 step 2: the certificate public key must be an EC public key over P-256.
  const certKey = certificatePublicKey(attCert);
  if (certKey.kty !== 'EC2' || certKey.crv !== 'P-256') {
    throw new WebAuthnError('ERR_ATTESTATION_CERTIFICATE_INVALID', 'fido-u2f certificate key must be EC P-256', {
      expected: 'EC2 P-256',
      received: certKey.kty === 'EC2' ? certKey.crv : certKey.kty,
    });
  }
  // §8.6 step 3: rpIdHash, credentialId and the credential key from authenticatorData.
  const { rpIdHash, aaguid, credentialId } = attestedFields(ctx.authData);
  // Policy, beyond L3: U2F devices have no AAGUID (CTAP2 §U2F interoperability sets it to zero).
  if (ctx.policy.fidoU2FRequireZeroAaguid && aaguid.some((b) => b !== 0)) {
    throw new WebAuthnError('ERR_ATTESTATION_AAGUID_MISMATCH', 'fido-u2f AAGUID must be all zero', {
      expected: '00000000000000000000000000000000',
      received: toHex(aaguid),
    });
  }
  // §8.6 step 4: the credential key must be ES256 on P-256 with 32-byte coordinates (publicKeyU2F).
  const key = ctx.credentialKey;
  if (key.kty !== 'EC2' || key.crv !== 'P-256' || key.alg !== -7 || key.x.length !== 32 || key.y.length !== 32) {
    throw new WebAuthnError('ERR_ATTESTATION_ALG_MISMATCH', 'fido-u2f credential key must be ES256 on P-256', {
      expected: 'EC2 P-256 alg -7',
      received: key.kty === 'EC2' ? `${key.kty} ${key.crv} alg ${key.alg}` : key.kty,
    });
  }
  const publicKeyU2F = concat(new Uint8Array([0x04]), key.x, key.y);
  // §8.6 step 5: verificationData = 0x00 ‖ rpIdHash ‖ clientDataHash ‖ credentialId ‖ publicKeyU2F.
  const verificationData = concat(new Uint8Array([0x00]), rpIdHash, ctx.clientDataHash, credentialId, publicKeyU2F);
  // §8.6 step 6: ECDSA with SHA-256 using the certificate key.
  await verifyStatementSignature(certKey, -7, sig, verificationData, ctx.policy);
  // §8.6 step 7: Basic or AttCA cannot be told apart; we report 'basic' (docs/attestation.md).
  const trusted = await validateAttestationChain(chain, ctx);
  const result: AttestationResult = { fmt: 'fido-u2f', type: 'basic', trustPath: [attCert.der], trusted };
  return result;
};
