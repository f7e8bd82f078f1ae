/**
 * The attestation object (WebAuthn L3 §6.5.4, figure "Attestation object layout"):
 *
 *   attObj = { "fmt": tstr, "attStmt": { * tstr => any }, "authData": bstr }
 *
 * except that for fmt "compound" (L3 §8.9) attStmt is an array of sub-statements
 * (`attStmt: [2* nonCompoundAttStmt]`), which the compound verifier checks.
 *
 * Exactly these three members of exactly these types, one CBOR item and nothing after it (§7.1
 * step 13). Other members are refused: stricter than a decoder that ignores them, and what the
 * FIDO conformance items "attestationObject … not a CBOR map / fmt missing …" expect.
 */
import { decodeCbor, isCborMap, type CborMap, type CborValue } from '../cbor/decode.js';
import { WebAuthnError } from '../errors.js';

export interface AttestationObject {
  readonly fmt: string;
  /** A map, or (fmt "compound" only) an array of sub-statements. */
  readonly attStmt: CborMap | CborValue[];
  readonly authData: Uint8Array;
}

function invalid(reason: string): never {
  throw new WebAuthnError('ERR_ATTESTATION_OBJECT_INVALID', 'attestationObject is malformed', { reason });
}

export function parseAttestationObject(bytes: Uint8Array): AttestationObject {
  // Depth 8 leaves room for compound statements and certificate arrays; no real object comes close.
  const value = decodeCbor(bytes, { maxDepth: 8 });
  if (!isCborMap(value)) invalid('not a CBOR map');
  for (const key of value.keys()) {
    if (key !== 'fmt' && key !== 'attStmt' && key !== 'authData') invalid('unexpected member');
  }
  const fmt = value.get('fmt');
  const attStmt = value.get('attStmt');
  const authData = value.get('authData');
  // §8: attestation statement format identifiers are short ASCII strings.
  if (typeof fmt !== 'string' || fmt === '' || fmt.length > 32) invalid('fmt is missing or not a text string');
  const compoundList = fmt === 'compound' && Array.isArray(attStmt);
  if (!isCborMap(attStmt) && !compoundList) invalid('attStmt is missing or not a map');
  if (!(authData instanceof Uint8Array) || authData.length === 0) invalid('authData is missing, empty or not a byte string');
  return { fmt, attStmt: attStmt as CborMap | CborValue[], authData };
}
