/**
 * "tpm" attestation statement format, WebAuthn L3 §8.3
 * https://w3c.github.io/webauthn/#sctn-tpm-attestation
 *
 *   $$attStmtType // = (
 *                         fmt: "tpm",
 *                         attStmt: tpmStmtFormat
 *                     )
 *   tpmStmtFormat = {
 *                       ver: "2.0",
 *                       (
 *                           alg: COSEAlgorithmIdentifier,
 *                           x5c: [ aikCert: bytes, * (caCert: bytes) ]
 *                       )
 *                       sig: bytes,
 *                       certInfo: bytes,
 *                       pubArea: bytes
 *                   }
 *
 * Check order: statement shape, then the two TPM structures, then the content checks (key, extraData,
 * name, AIK certificate), then the signature, then the chain. Structural and content faults are
 * therefore reported by their own codes even though the signature also covers them.
 *
 * Decisions (docs/attestation.md "## tpm"): ecdaaKeyId is refused (ECDAA was removed in L2); the
 * Name is recomputed with the hash named in attested.name's own nameAlg prefix (FIDO conformance
 * Resp-9 P-3 requires accepting a name hash that differs from pubArea.nameAlg); the manufacturer
 * must be "id:" + 8 hex digits (§8.3.1 via TPMv2-EK-Profile §3.2.9). L3 does not require a
 * TCG-registered vendor, and the spec's own test vector uses id:00000000, so registry membership
 * is policy: `tpmRequireKnownVendor` (default false) limits it to the TCG registry (the internal
 * createTpmVerifier({ isAcceptableVendor }) takes any predicate; tests use it).
 */
import type { CborMap } from '../../cbor/decode.js';
import { coseAlgorithm } from '../../cose/algorithms.js';
import type { COSEPublicKey } from '../../cose/types.js';
import { digestSync, type HashName } from '../../crypto/hash-sync.js';
import { concat, equalBytes, toHex } from '../../encoding/bytes.js';
import { WebAuthnError } from '../../errors.js';
import { certificatePublicKey } from '../../x509/public-key.js';
import { checkAaguidExtension, checkStatementAlg, verifyStatementSignature } from '../certificate-checks.js';
import { sameCOSEKey, stripLeadingZeros } from '../key-equality.js';
import { checkAikCertificate, type AikCertificateOptions } from './certificate.js';
import { parseTpmsAttest, parseTpmtPublic, TPM_ALG, TPM_ECC_CURVE, type TpmsAttest, type TpmtPublic } from './structures.js';
import { isKnownTpmVendor } from './vendors.js';
import { parseX5c, validateAttestationChain } from '../trust.js';
import type { AttestationContext, AttestationResult, AttestationVerifier } from '../types.js';

/** certificatePolicies (RFC 5280 §4.2.1.4). */
const OID_CERTIFICATE_POLICIES = '2.5.29.32';

const KEYS = ['ver', 'alg', 'x5c', 'sig', 'certInfo', 'pubArea'] as const;


function invalidStatement(message: string, details: Record<string, unknown>): never {
  throw new WebAuthnError('ERR_ATTESTATION_STATEMENT_INVALID', message, details);
}

/** §8.3 step 1: attStmt is valid CBOR conforming to the syntax above. */
function readTpmStatement(attStmt: CborMap) {
  if (!(attStmt instanceof Map)) invalidStatement('tpm attestation statement must be a map', { received: typeof attStmt });
  for (const key of attStmt.keys()) {
    // ecdaaKeyId (L1) and anything else is refused: ECDAA is gone from L2/L3.
    if (typeof key !== 'string' || !(KEYS as readonly string[]).includes(key)) {
      invalidStatement('tpm attestation statement has an unknown key', { received: String(key) });
    }
  }
  const ver = attStmt.get('ver');
  if (ver !== '2.0') invalidStatement('tpm ver must be "2.0"', { field: 'ver', expected: '2.0', received: ver });
  const alg = attStmt.get('alg');
  if (typeof alg !== 'number' || !Number.isSafeInteger(alg)) {
    invalidStatement('tpm alg must be an integer', { field: 'alg', received: typeof alg });
  }
  const bytesField = (field: 'sig' | 'certInfo' | 'pubArea'): Uint8Array => {
    const v = attStmt.get(field);
    if (!(v instanceof Uint8Array) || v.length === 0) {
      invalidStatement('tpm statement field must be a non-empty byte string', { field });
    }
    return v;
  };
  return {
    alg,
    sig: bytesField('sig'),
    certInfo: bytesField('certInfo'),
    pubArea: bytesField('pubArea'),
    x5c: attStmt.get('x5c'),
  };
}

/** TPM_ALG_ID of a Name's nameAlg → hash (TPM 2.0 Part 1 §16: Name = nameAlg ‖ H_nameAlg(TPMT_PUBLIC)). */
const NAME_HASHES: ReadonlyMap<number, HashName> = new Map([
  [TPM_ALG.SHA1, 'SHA-1'],
  [TPM_ALG.SHA256, 'SHA-256'],
  [TPM_ALG.SHA384, 'SHA-384'],
  [TPM_ALG.SHA512, 'SHA-512'],
]);

const CURVES: ReadonlyMap<number, 'P-256' | 'P-384' | 'P-521'> = new Map([
  [TPM_ECC_CURVE.NIST_P256, 'P-256'],
  [TPM_ECC_CURVE.NIST_P384, 'P-384'],
  [TPM_ECC_CURVE.NIST_P521, 'P-521'],
]);

/** §8.3: the key in pubArea (parameters + unique) as a COSE key, for comparison with the credential key. */
function pubAreaKey(pub: TpmtPublic, credentialKey: COSEPublicKey): COSEPublicKey {
  if (pub.type === 'RSA') {
    // Part 2 §12.2.3.5: exponent 0 means the default 2^16 + 1.
    const exp = pub.parameters.exponent === 0 ? 65537 : pub.parameters.exponent;
    const e = stripLeadingZeros(new Uint8Array([exp >>> 24, (exp >>> 16) & 0xff, (exp >>> 8) & 0xff, exp & 0xff]));
    return { kty: 'RSA', alg: undefined, n: stripLeadingZeros(pub.unique.n), e };
  }
  const crv = CURVES.get(pub.parameters.curveId);
  if (crv === undefined) {
    throw new WebAuthnError('ERR_ATTESTATION_TPM_ALG_UNSUPPORTED', 'TPM pubArea curveID is not a supported curve', {
      expected: [...CURVES.keys()],
      received: pub.parameters.curveId,
    });
  }
  // TPM2B_ECC_PARAMETER may drop leading zeros; compare coordinates left-padded to the credential's width.
  const width = credentialKey.kty === 'EC2' ? credentialKey.x.length : 0;
  const pad = (v: Uint8Array) => {
    const s = stripLeadingZeros(v);
    if (s.length >= width) return s;
    const out = new Uint8Array(width);
    out.set(s, width - s.length);
    return out;
  };
  return { kty: 'EC2', alg: undefined, crv, x: pad(pub.unique.x), y: pad(pub.unique.y) };
}

function comparable(key: COSEPublicKey): COSEPublicKey {
  return key.kty === 'RSA' ? { ...key, n: stripLeadingZeros(key.n), e: stripLeadingZeros(key.e) } : key;
}

export interface TpmVerifierOptions {
  /** Which TPM manufacturer ids to accept; default: any well-formed id, or only the TCG registry when ctx.policy.tpmRequireKnownVendor. */
  readonly isAcceptableVendor?: (id: string) => boolean;
}

/**
 * Builds a tpm verifier; `verifyTpm` is the default one.
 * @internal Not part of the public API (no entry point exports it): relying parties choose the
 * vendor policy with `attestation.tpmRequireKnownVendor`. Tests use it to plug in a predicate.
 */
export function createTpmVerifier(options: TpmVerifierOptions = {}): AttestationVerifier {
  return (attStmt, ctx) => verifyTpmStatement(attStmt, ctx, options);
}

/** §8.3 verification procedure, in the order the file header gives. */
async function verifyTpmStatement(attStmt: CborMap, ctx: AttestationContext, options: TpmVerifierOptions): Promise<AttestationResult> {
  const aikOptions: AikCertificateOptions = {
    isAcceptableVendor: options.isAcceptableVendor ?? (ctx.policy.tpmRequireKnownVendor ? isKnownTpmVendor : () => true),
  };
  const stmt = readTpmStatement(attStmt);
  // Parse both structures strictly (magic and type are checked while parsing certInfo).
  const pubArea = parseTpmtPublic(stmt.pubArea);
  const certInfo = parseTpmsAttest(stmt.certInfo);
  const chain = parseX5c(stmt.x5c);
  const aik = chain[0]!;
  const aikKey = certificatePublicKey(aik);
  // alg must be supported, suit the AIK key, and RS1 only by policy.
  checkStatementAlg(stmt.alg, aikKey, ctx);

  // §8.3 step 2: the public key in pubArea's parameters and unique equals the credential public key.
  if (!sameCOSEKey(pubAreaKey(pubArea, ctx.credentialKey), comparable(ctx.credentialKey))) {
    throw new WebAuthnError('ERR_ATTESTATION_KEY_MISMATCH', 'TPM pubArea key differs from the credential public key', {
      expected: ctx.credentialKey.kty,
      received: pubArea.type,
    });
  }
  checkExtraData(certInfo, stmt.alg, ctx);
  checkAttestedName(certInfo, stmt.pubArea);

  // §8.3 step 5: the AIK certificate meets §8.3.1, and its AAGUID extension (if any) matches authData.
  checkAikCertificate(aik, aikOptions);
  checkAaguidExtension(aik, ctx.authData);

  // §8.3 step 5: sig is a valid signature over certInfo with the AIK key and "alg".
  await verifyStatementSignature(aikKey, stmt.alg, stmt.sig, stmt.certInfo, ctx.policy);

  // Attestation type AttCA, trust path x5c. Windows AIK certificates mark certificatePolicies
  // critical; §8.3.1 sets no policy requirement, so it is accepted without policy processing.
  const trusted = await validateAttestationChain(chain, ctx, { extraCriticalExtensions: [OID_CERTIFICATE_POLICIES] });
  const result: AttestationResult = { fmt: 'tpm', type: 'attca', trustPath: chain.map((c) => c.der), trusted };
  return result;
}

/** §8.3 steps 3-4: certInfo.extraData is the hash (with "alg"'s hash) of attToBeSigned. */
function checkExtraData(certInfo: TpmsAttest, alg: number, ctx: AttestationContext): void {
  // §8.3 step 3: attToBeSigned = authenticatorData ‖ clientDataHash.
  const attToBeSigned = concat(ctx.authData, ctx.clientDataHash);
  // §8.3 step 4: extraData = hash of attToBeSigned with the hash algorithm of "alg".
  const algHash = coseAlgorithm(alg)!.hash;
  if (algHash === undefined) {
    throw new WebAuthnError('ERR_ATTESTATION_ALG_MISMATCH', 'tpm alg has no message hash', { received: alg });
  }
  const expectedExtra = digestSync(algHash, attToBeSigned);
  if (!equalBytes(certInfo.extraData, expectedExtra)) {
    throw new WebAuthnError('ERR_ATTESTATION_TPM_EXTRA_DATA_MISMATCH', 'TPM certInfo.extraData is not the hash of attToBeSigned', {
      expected: toHex(expectedExtra),
      received: toHex(certInfo.extraData.subarray(0, 64)),
      hash: algHash,
    });
  }
}

/** §8.3 step 4: attested.name is a valid Name for the pubArea bytes (TPM Part 1 §16). */
function checkAttestedName(certInfo: TpmsAttest, pubAreaBytes: Uint8Array): void {
  const name = certInfo.attestedName;
  const nameAlg = name.length >= 2 ? (name[0]! << 8) | name[1]! : -1;
  const nameHash = NAME_HASHES.get(nameAlg);
  if (nameHash === undefined) {
    throw new WebAuthnError('ERR_ATTESTATION_TPM_ALG_UNSUPPORTED', 'TPM attested.name uses an unsupported nameAlg', {
      expected: [...NAME_HASHES.keys()],
      received: nameAlg,
    });
  }
  const expectedName = concat(name.subarray(0, 2), digestSync(nameHash, pubAreaBytes));
  if (!equalBytes(name, expectedName)) {
    throw new WebAuthnError('ERR_ATTESTATION_TPM_NAME_MISMATCH', 'TPM attested.name does not match pubArea', {
      expected: toHex(expectedName),
      received: toHex(name.subarray(0, 66)),
    });
  }
}

/** §8.3 tpm verifier with the default vendor policy. */
export const verifyTpm: AttestationVerifier = createTpmVerifier();
