/**
 * "packed" attestation statement format, WebAuthn L3 §8.2
 * https://w3c.github.io/webauthn/#sctn-packed-attestation
 *
 *   $$attStmtType //= (
 *                         fmt: "packed",
 *                         attStmt: packedStmtFormat
 *                     )
 *   packedStmtFormat = {
 *                          alg: COSEAlgorithmIdentifier,
 *                          sig: bytes,
 *                          x5c: [ attestnCert: bytes, * (caCert: bytes) ]
 *                      } //
 *                      {
 *                          alg: COSEAlgorithmIdentifier
 *                          sig: bytes,
 *                      }
 *
 * Stricter than the spec (docs/attestation.md): keys other than alg/sig/x5c are rejected, sig
 * must be non-empty, and the leaf must carry basicConstraints (the spec only says cA must be false).
 */
import { concat } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { nameValue, type ParsedCertificate } from '../x509/certificate.js';
import { NAME_OID } from '../x509/names.js';
import { certificatePublicKey } from '../x509/public-key.js';
import type { CborMap } from '../cbor/decode.js';
import { checkAaguidExtension, checkStatementAlg, verifyStatementSignature } from './certificate-checks.js';
import { parseX5c, validateAttestationChain } from './trust.js';
import type { AttestationResult, AttestationVerifier } from './types.js';

const ALLOWED_KEYS = new Set(['alg', 'sig', 'x5c']);

function invalidStatement(message: string, details: Record<string, unknown>): WebAuthnError {
  return new WebAuthnError('ERR_ATTESTATION_STATEMENT_INVALID', message, details);
}

/** §8.2 step 1: attStmt is valid CBOR conforming to the syntax above. */
function readPackedStatement(attStmt: CborMap): { alg: number; sig: Uint8Array; x5c: unknown } {
  if (!(attStmt instanceof Map)) throw invalidStatement('packed attestation statement must be a map', { received: typeof attStmt });
  for (const key of attStmt.keys()) {
    // Stricter than the CDDL's closed map requires by letter: unknown members are refused.
    if (typeof key !== 'string' || !ALLOWED_KEYS.has(key)) {
      throw invalidStatement('packed attestation statement has an unknown key', { received: String(key) });
    }
  }
  const alg = attStmt.get('alg');
  if (typeof alg !== 'number' || !Number.isSafeInteger(alg)) {
    throw invalidStatement('packed alg must be an integer', { field: 'alg', received: typeof alg });
  }
  const sig = attStmt.get('sig');
  if (!(sig instanceof Uint8Array) || sig.length === 0) {
    throw invalidStatement('packed sig must be a non-empty byte string', { field: 'sig' });
  }
  return { alg, sig, x5c: attStmt.get('x5c') };
}

/** §8.2.1 "Certificate Requirements for Packed Attestation Statements". */
function checkPackedLeaf(leaf: ParsedCertificate): void {
  const bad = (message: string, field: string, received?: unknown) =>
    new WebAuthnError('ERR_ATTESTATION_CERTIFICATE_INVALID', message, { field, received });
  if (leaf.version !== 3) throw bad('Attestation certificate must be X.509 v3', 'version', leaf.version);
  // Subject-C: ISO 3166 code (alpha-2, upper case).
  const c = nameValue(leaf.subject, NAME_OID.C);
  if (c === undefined || !/^[A-Z]{2}$/.test(c)) throw bad('Attestation certificate subject C invalid', 'subject.C', c);
  const o = nameValue(leaf.subject, NAME_OID.O);
  if (o === undefined || o.length === 0) throw bad('Attestation certificate subject O missing', 'subject.O');
  // Subject-OU: literally "Authenticator Attestation".
  const ou = nameValue(leaf.subject, NAME_OID.OU);
  if (ou !== 'Authenticator Attestation') throw bad('Attestation certificate subject OU invalid', 'subject.OU', ou);
  const cn = nameValue(leaf.subject, NAME_OID.CN);
  if (cn === undefined || cn.length === 0) throw bad('Attestation certificate subject CN missing', 'subject.CN');
  // Basic Constraints: CA component false (we also require the extension to be present).
  if (leaf.basicConstraints === undefined) throw bad('Attestation certificate lacks basicConstraints', 'basicConstraints');
  if (leaf.basicConstraints.ca) throw bad('Attestation certificate must not be a CA', 'basicConstraints.cA', true);
}

export const verifyPacked: AttestationVerifier = async (attStmt, ctx) => {
  const { alg, sig, x5c } = readPackedStatement(attStmt);
  // §8.2 step 2: the signed data is authenticatorData ‖ clientDataHash.
  const signed = concat(ctx.authData, ctx.clientDataHash);

  if (x5c === undefined) {
    // §8.2 step 3 (self attestation): alg must match the credential key's algorithm …
    if (ctx.credentialKey.alg !== alg) {
      throw new WebAuthnError('ERR_ATTESTATION_ALG_MISMATCH', 'packed self attestation alg differs from the credential key alg', {
        expected: ctx.credentialKey.alg,
        received: alg,
      });
    }
    checkStatementAlg(alg, ctx.credentialKey, ctx);
    // … and sig must verify with the credential public key.
    await verifyStatementSignature(ctx.credentialKey, alg, sig, signed, ctx.policy);
    const result: AttestationResult = { fmt: 'packed', type: 'self', trustPath: [], trusted: false };
    return result;
  }

  // §8.2 step 2 (x5c present): sig verifies with the attestation certificate's key using alg.
  const chain = parseX5c(x5c);
  const leaf = chain[0]!;
  const leafKey = certificatePublicKey(leaf);
  checkStatementAlg(alg, leafKey, ctx);
  await verifyStatementSignature(leafKey, alg, sig, signed, ctx.policy);
  // §8.2.1 leaf requirements, then the AAGUID extension (if present) must match authenticatorData.
  checkPackedLeaf(leaf);
  checkAaguidExtension(leaf, ctx.authData);
  // Trust path: x5c. L3 cannot tell Basic from AttCA for packed; we report 'basic' (docs/attestation.md).
  const trusted = await validateAttestationChain(chain, ctx);
  const result: AttestationResult = {
    fmt: 'packed',
    type: 'basic',
    trustPath: chain.map((c) => c.der),
    trusted,
  };
  return result;
};
