/**
 * "apple" (Apple Anonymous) attestation statement format, WebAuthn L3 §8.8
 * https://w3c.github.io/webauthn/#sctn-apple-anonymous-attestation
 *
 *   $$attStmtType //= (
 *                         fmt: "apple",
 *                         attStmt: appleStmtFormat
 *                     )
 *   appleStmtFormat = {
 *                         x5c: [ credCert: bytes, * (caCert: bytes) ]
 *                     }
 *
 * Lenient on one point, on purpose: an integer `alg` member is tolerated and ignored, because
 * iOS 14 devices send one (see the swa-apple-iphone-reg vector); no other member is accepted.
 * Check order: shape, certificates, nonce extension, key equality, then the chain.
 */
import type { CborMap } from '../cbor/decode.js';
import { sha256 } from '../crypto/hash-sync.js';
import { concat, equalBytes, toHex } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { children, readTlv } from '../x509/der.js';
import { certificatePublicKey } from '../x509/public-key.js';
import { sameCOSEKey } from './key-equality.js';
import { parseX5c, validateAttestationChain } from './trust.js';
import type { AttestationResult, AttestationVerifier } from './types.js';

/** The Apple anonymous attestation nonce extension. */
export const OID_APPLE_NONCE = '1.2.840.113635.100.8.2';

function invalidStatement(message: string, details: Record<string, unknown>): never {
  throw new WebAuthnError('ERR_ATTESTATION_STATEMENT_INVALID', message, details);
}

/** §8.8 step 1: attStmt is valid CBOR conforming to the syntax above. */
function readStatement(attStmt: CborMap): unknown {
  if (!(attStmt instanceof Map)) invalidStatement('apple attestation statement must be a map', { received: typeof attStmt });
  for (const [key, value] of attStmt) {
    if (key === 'x5c') continue;
    if (key === 'alg' && typeof value === 'number' && Number.isSafeInteger(value)) continue;
    invalidStatement('apple attestation statement has an unknown key', { received: String(key) });
  }
  return attStmt.get('x5c');
}

/**
 * The nonce in extension 1.2.840.113635.100.8.2, strictly: SEQUENCE { [1] EXPLICIT OCTET STRING }
 * with a 32-byte octet string and nothing else.
 */
export function readAppleNonce(cert: ParsedCertificate): Uint8Array {
  const ext = cert.extensions.get(OID_APPLE_NONCE);
  const missing = (reason: string, cause?: unknown): never => {
    throw new WebAuthnError(
      'ERR_ATTESTATION_APPLE_NONCE_MISSING',
      'apple certificate lacks a well-formed nonce extension',
      { reason, expected: OID_APPLE_NONCE },
      cause === undefined ? undefined : { cause },
    );
  };
  if (ext === undefined) return missing('extension absent');
  let nonce: Uint8Array | undefined;
  try {
    const v = ext.value;
    const seq = readTlv(v, 0);
    const [tagged, ...rest] = seq.tag === 0x30 && seq.end === v.length ? children(v, seq) : [];
    if (tagged && rest.length === 0 && tagged.tag === 0xa1) {
      const [octets, ...more] = children(v, tagged);
      if (octets && more.length === 0 && octets.tag === 0x04 && octets.end - octets.contentStart === 32) {
        nonce = v.slice(octets.contentStart, octets.end);
      }
    }
  } catch (e) {
    return missing('not DER', e);
  }
  return nonce ?? missing('not SEQUENCE { [1] OCTET STRING (32 bytes) }');
}

export const verifyApple: AttestationVerifier = async (attStmt, ctx) => {
  const chain = parseX5c(readStatement(attStmt));
  const credCert = chain[0]!;
  // §8.8 steps 2–4: nonce = SHA-256(authenticatorData ‖ clientDataHash) equals the extension value.
  const expected = sha256(concat(ctx.authData, ctx.clientDataHash));
  const nonce = readAppleNonce(credCert);
  if (!equalBytes(nonce, expected)) {
    throw new WebAuthnError('ERR_ATTESTATION_APPLE_NONCE_MISMATCH', 'apple nonce extension does not match authenticatorData ‖ clientDataHash', {
      expected: toHex(expected),
      received: toHex(nonce),
    });
  }
  // §8.8 step 5: the credential public key equals the Subject Public Key of credCert.
  if (!sameCOSEKey(certificatePublicKey(credCert), ctx.credentialKey)) {
    throw new WebAuthnError('ERR_ATTESTATION_KEY_MISMATCH', 'apple certificate key differs from the credential public key', {
      expected: ctx.credentialKey.kty,
    });
  }
  // §8.8 step 6: attestation type Anonymization CA, trust path x5c.
  const trusted = await validateAttestationChain(chain, ctx);
  const result: AttestationResult = { fmt: 'apple', type: 'anonca', trustPath: chain.map((c) => c.der), trusted };
  return result;
};
