/**
 * "none" attestation statement format, WebAuthn L3 §8.7
 * https://w3c.github.io/webauthn/#sctn-none-attestation
 *
 *   $$attStmtType //= (
 *                         fmt: "none",
 *                         attStmt: emptyMap
 *                     )
 *   emptyMap = {}
 *
 * Verification procedure: return implementation-specific values representing attestation type
 * None and an empty trust path. We additionally require the map to be empty (the CDDL says so; a
 * relabelled packed statement must not pass as "none", FIDO conformance Resp-7 F-1).
 */
import { WebAuthnError } from '../errors.js';
import type { AttestationResult, AttestationVerifier } from './types.js';

export const verifyNone: AttestationVerifier = async (attStmt) => {
  if (!(attStmt instanceof Map) || attStmt.size !== 0) {
    throw new WebAuthnError('ERR_ATTESTATION_STATEMENT_INVALID', 'none attestation statement must be an empty map', {
      expected: 'empty map',
      received: attStmt instanceof Map ? [...attStmt.keys()].map(String).join(',') : typeof attStmt,
    });
  }
  const result: AttestationResult = { fmt: 'none', type: 'none', trustPath: [], trusted: false };
  return result;
};
