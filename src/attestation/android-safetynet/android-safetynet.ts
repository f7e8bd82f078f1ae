/**
 * "android-safetynet" attestation statement format, WebAuthn L3 §8.5
 * https://w3c.github.io/webauthn/#sctn-android-safetynet-attestation
 *
 *   $$attStmtType //= (
 *                         fmt: "android-safetynet",
 *                         attStmt: safetynetStmtFormat
 *                     )
 *   safetynetStmtFormat = {
 *                             ver: text,
 *                             response: bytes
 *                         }
 *
 * `response` is the UTF-8 compact JWS returned by the SafetyNet API (jws.ts). Check order: shape,
 * JWS structure, leaf hostname, nonce, ctsProfileMatch, timestamp, then the JWS signature and the
 * chain, so each fault gets its own code.
 *
 * Decisions (docs/attestation.md "## android-safetynet"): ctsProfileMatch must be true (L3 leaves
 * the interpretation to the RP; we take the strict side); timestampMs may not be later than
 * ctx.now (no skew allowance) nor older than policy.safetyNetMaxAgeMs; the JWS alg must be one of
 * RS256/RS384/RS512/PS256/PS384/PS512/ES256/ES384/ES512.
 */
import type { CborMap } from '../../cbor/decode.js';
import { sha256 } from '../../crypto/hash-sync.js';
import { encodeStandardBase64 } from '../../encoding/base64.js';
import { concat } from '../../encoding/bytes.js';
import { WebAuthnError } from '../../errors.js';
import { CURVE_BYTES } from '../../cose/curves.js';
import type { COSEPublicKey } from '../../cose/types.js';
import { p1363ToDer } from '../../signature/der.js';
import type { ParsedCertificate } from '../../x509/certificate.js';
import { certificateHostNames, isIssuedToHost } from '../../x509/subject-alt-name.js';
import { certificatePublicKey } from '../../x509/public-key.js';
import { checkStatementAlg, verifyStatementSignature } from '../certificate-checks.js';
import { parseCompactJws, type ParsedJws } from './jws.js';
import { parseX5c, validateAttestationChain } from '../trust.js';
import type { AttestationContext, AttestationResult, AttestationVerifier } from '../types.js';

/** §8.5 step 4: the hostname the SafetyNet signing certificate is issued to. */
export const SAFETYNET_HOSTNAME = 'attest.android.com';

/** JWS alg (RFC 7518 §3.1) → COSE alg id. */
const JWS_ALGS: Readonly<Record<string, number>> = Object.freeze({
  RS256: -257,
  RS384: -258,
  RS512: -259,
  PS256: -37,
  PS384: -38,
  PS512: -39,
  ES256: -7,
  ES384: -35,
  ES512: -36,
});

const KEYS = new Set(['ver', 'response']);

function invalidStatement(message: string, details: Record<string, unknown>): never {
  throw new WebAuthnError('ERR_ATTESTATION_STATEMENT_INVALID', message, details);
}

/** §8.5 step 1: attStmt is valid CBOR conforming to the syntax above (ver and response non-empty). */
function readStatement(attStmt: CborMap): { ver: string; response: Uint8Array } {
  if (!(attStmt instanceof Map)) {
    invalidStatement('android-safetynet attestation statement must be a map', { received: typeof attStmt });
  }
  for (const key of attStmt.keys()) {
    if (typeof key !== 'string' || !KEYS.has(key)) {
      invalidStatement('android-safetynet attestation statement has an unknown key', { received: String(key) });
    }
  }
  const ver = attStmt.get('ver');
  if (typeof ver !== 'string' || ver.length === 0) {
    invalidStatement('android-safetynet ver must be a non-empty text string', { field: 'ver' });
  }
  const response = attStmt.get('response');
  if (!(response instanceof Uint8Array) || response.length === 0) {
    invalidStatement('android-safetynet response must be a non-empty byte string', { field: 'response' });
  }
  return { ver, response };
}

/** §8.5 step 4: the attestation certificate is issued to "attest.android.com" (SAN dNSName, else CN; src/x509/subject-alt-name.ts). */
function checkHostname(leaf: ParsedCertificate): void {
  let issued: boolean;
  try {
    issued = isIssuedToHost(leaf, SAFETYNET_HOSTNAME);
  } catch (e) {
    throw new WebAuthnError('ERR_ATTESTATION_SAFETYNET_HOSTNAME', 'SafetyNet certificate subjectAltName is malformed', {}, { cause: e });
  }
  if (!issued) {
    throw new WebAuthnError('ERR_ATTESTATION_SAFETYNET_HOSTNAME', 'SafetyNet certificate is not issued to attest.android.com', {
      expected: SAFETYNET_HOSTNAME,
      received: receivedHostNames(leaf),
    });
  }
}

/** What the leaf is issued to, for the error: up to four SAN dNSNames, else the CN. */
function receivedHostNames(leaf: ParsedCertificate): string[] | string | undefined {
  const { from, names } = certificateHostNames(leaf);
  return from === 'subjectAltName' ? names.slice(0, 4) : names[0];
}

/** The COSE algorithm for the JWS header's alg (only the ones JWS_ALGS lists). */
function jwsCoseAlg(jws: ParsedJws): number {
  const coseAlg = Object.hasOwn(JWS_ALGS, jws.alg) ? JWS_ALGS[jws.alg]! : undefined;
  if (coseAlg === undefined) {
    throw new WebAuthnError('ERR_ATTESTATION_SAFETYNET_JWS_INVALID', 'SafetyNet response is not a valid compact JWS', {
      reason: 'unsupported alg',
      expected: Object.keys(JWS_ALGS),
      received: jws.alg,
    });
  }
  return coseAlg;
}

/** §8.5 step 3: the payload binds this registration (nonce) and comes from a CTS-matching device. */
function checkNonceAndProfile(jws: ParsedJws, ctx: AttestationContext): void {
  // §8.5 step 3: nonce = Base64(SHA-256(authenticatorData ‖ clientDataHash)).
  const expectedNonce = encodeStandardBase64(sha256(concat(ctx.authData, ctx.clientDataHash)));
  const nonce = jws.payload['nonce'];
  if (nonce !== expectedNonce) {
    throw new WebAuthnError('ERR_ATTESTATION_SAFETYNET_NONCE_MISMATCH', 'SafetyNet nonce is not the hash of authenticatorData ‖ clientDataHash', {
      expected: expectedNonce,
      received: typeof nonce === 'string' ? nonce : typeof nonce,
    });
  }
  // §8.5 step 3 ("verify that the SafetyNet response actually came from the SafetyNet service"):
  // ctsProfileMatch must be exactly true.
  if (jws.payload['ctsProfileMatch'] !== true) {
    throw new WebAuthnError('ERR_ATTESTATION_SAFETYNET_CTS_PROFILE', 'SafetyNet ctsProfileMatch is not true', {
      expected: true,
      received: jws.payload['ctsProfileMatch'],
    });
  }
}

/** §8.5 step 3: timestampMs is an integer, not in the future and within policy.safetyNetMaxAgeMs. */
function checkTimestamp(jws: ParsedJws, ctx: AttestationContext): void {
  const timestampMs = jws.payload['timestampMs'];
  if (typeof timestampMs !== 'number' || !Number.isSafeInteger(timestampMs) || timestampMs < 0) {
    throw new WebAuthnError('ERR_ATTESTATION_SAFETYNET_JWS_INVALID', 'SafetyNet response is not a valid compact JWS', {
      reason: 'payload.timestampMs is not a non-negative integer',
      received: typeof timestampMs,
    });
  }
  const now = ctx.now.getTime();
  if (timestampMs > now) {
    throw new WebAuthnError('ERR_ATTESTATION_SAFETYNET_TIMESTAMP_FUTURE', 'SafetyNet timestampMs is in the future', {
      expected: `<= ${now}`,
      received: timestampMs,
    });
  }
  if (now - timestampMs > ctx.policy.safetyNetMaxAgeMs) {
    throw new WebAuthnError('ERR_ATTESTATION_SAFETYNET_TIMESTAMP_STALE', 'SafetyNet timestampMs is too old', {
      expected: `>= ${now - ctx.policy.safetyNetMaxAgeMs}`,
      received: timestampMs,
      maxAgeMs: ctx.policy.safetyNetMaxAgeMs,
    });
  }
}

/**
 * The JWS signature in the form our verifier takes. JWS ECDSA signatures are r‖s (RFC 7518 §3.4);
 * our verifier takes DER, so convert (a wrong length fails as a bad signature).
 */
function jwsSignatureForVerifier(signature: Uint8Array, leafKey: COSEPublicKey): Uint8Array {
  if (leafKey.kty !== 'EC2') return signature;
  const width = CURVE_BYTES[leafKey.crv];
  if (signature.length !== 2 * width) {
    throw new WebAuthnError('ERR_ATTESTATION_SIGNATURE_INVALID', 'SafetyNet JWS signature has the wrong length', {
      expected: 2 * width,
      received: signature.length,
    });
  }
  return p1363ToDer(signature);
}

export const verifyAndroidSafetyNet: AttestationVerifier = async (attStmt, ctx) => {
  const { response } = readStatement(attStmt);
  const jws = parseCompactJws(response);
  const coseAlg = jwsCoseAlg(jws);
  const chain = parseX5c(jws.x5c);
  const leaf = chain[0]!;
  const leafKey = certificatePublicKey(leaf);
  checkStatementAlg(coseAlg, leafKey, ctx);
  checkHostname(leaf);
  checkNonceAndProfile(jws, ctx);
  checkTimestamp(jws, ctx);

  // §8.5 step 2: the JWS signature verifies with the leaf key.
  const signature = jwsSignatureForVerifier(jws.signature, leafKey);
  await verifyStatementSignature(leafKey, coseAlg, signature, jws.signingInput);

  // §8.5 step 5: attestation type Basic, trust path x5c.
  const trusted = await validateAttestationChain(chain, ctx);
  const result: AttestationResult = {
    fmt: 'android-safetynet',
    type: 'basic',
    trustPath: chain.map((c) => c.der),
    trusted,
  };
  return result;
};
