/**
 * "android-key" attestation statement format, WebAuthn L3 §8.4
 * https://w3c.github.io/webauthn/#sctn-android-key-attestation
 *
 *   $$attStmtType //= (
 *                         fmt: "android-key",
 *                         attStmt: androidStmtFormat
 *                     )
 *   androidStmtFormat = {
 *                           alg: COSEAlgorithmIdentifier,
 *                           sig: bytes,
 *                           x5c: [ credCert: bytes, * (caCert: bytes) ]
 *                       }
 *
 * Check order: shape, certificates, key equality, the key description (challenge, allApplications,
 * origin, purpose), then the signature, then the chain, so each fault gets its own code.
 * Stricter than the spec: unknown attStmt keys and an empty sig are refused; origin/purpose are
 * read from teeEnforced only unless policy.androidKeyAllowSoftwareEnforced (the spec's "or the union"
 * is an RP choice; software-enforced values prove nothing about the hardware).
 */
import type { CborMap } from '../../cbor/decode.js';
import { concat, equalBytes, toHex } from '../../encoding/bytes.js';
import { WebAuthnError } from '../../errors.js';
import { certificatePublicKey } from '../../x509/public-key.js';
import {
  KM_ORIGIN_GENERATED,
  KM_PURPOSE_SIGN,
  OID_ANDROID_KEY_DESCRIPTION,
  parseKeyDescription,
  type AuthorizationList,
} from './key-description.js';
import { checkStatementAlg, verifyStatementSignature } from '../certificate-checks.js';
import { sameCOSEKey } from '../key-equality.js';
import { parseX5c, validateAttestationChain } from '../trust.js';
import type { AttestationResult, AttestationVerifier } from '../types.js';

const KEYS = new Set(['alg', 'sig', 'x5c']);

function invalidStatement(message: string, details: Record<string, unknown>): never {
  throw new WebAuthnError('ERR_ATTESTATION_STATEMENT_INVALID', message, details);
}

/** §8.4 step 1: attStmt is valid CBOR conforming to the syntax above. */
function readStatement(attStmt: CborMap): { alg: number; sig: Uint8Array; x5c: unknown } {
  if (!(attStmt instanceof Map)) invalidStatement('android-key attestation statement must be a map', { received: typeof attStmt });
  for (const key of attStmt.keys()) {
    if (typeof key !== 'string' || !KEYS.has(key)) {
      invalidStatement('android-key attestation statement has an unknown key', { received: String(key) });
    }
  }
  const alg = attStmt.get('alg');
  if (typeof alg !== 'number' || !Number.isSafeInteger(alg)) {
    invalidStatement('android-key alg must be an integer', { field: 'alg', received: typeof alg });
  }
  const sig = attStmt.get('sig');
  if (!(sig instanceof Uint8Array) || sig.length === 0) {
    invalidStatement('android-key sig must be a non-empty byte string', { field: 'sig' });
  }
  return { alg, sig, x5c: attStmt.get('x5c') };
}

/** §8.4 step 3, last bullets: origin = KM_ORIGIN_GENERATED and purpose ∋ KM_PURPOSE_SIGN in the lists in scope. */
export function checkAuthorizations(lists: readonly AuthorizationList[], scope: string): void {
  const origins = lists.map((l) => l.origin).filter((o): o is number => o !== undefined);
  // Every origin in scope must say "generated"; at least one must be present.
  if (origins.length === 0 || origins.some((o) => o !== KM_ORIGIN_GENERATED)) {
    throw new WebAuthnError('ERR_ATTESTATION_ANDROID_KEY_ORIGIN', 'Android key origin is not KM_ORIGIN_GENERATED', {
      expected: KM_ORIGIN_GENERATED,
      received: origins,
      scope,
    });
  }
  const purposes = lists.flatMap((l) => l.purpose ?? []);
  if (!purposes.includes(KM_PURPOSE_SIGN)) {
    throw new WebAuthnError('ERR_ATTESTATION_ANDROID_KEY_PURPOSE', 'Android key purpose does not include KM_PURPOSE_SIGN', {
      expected: KM_PURPOSE_SIGN,
      received: purposes,
      scope,
    });
  }
}

export const verifyAndroidKey: AttestationVerifier = async (attStmt, ctx) => {
  const { alg, sig, x5c } = readStatement(attStmt);
  const chain = parseX5c(x5c);
  const leaf = chain[0]!;
  const leafKey = certificatePublicKey(leaf);
  checkStatementAlg(alg, leafKey, ctx);

  // §8.4 step 3: the public key in the first certificate of x5c matches credentialPublicKey.
  if (!sameCOSEKey(leafKey, ctx.credentialKey)) {
    throw new WebAuthnError('ERR_ATTESTATION_KEY_MISMATCH', 'android-key certificate key differs from the credential public key', {
      expected: ctx.credentialKey.kty,
      received: leafKey.kty,
    });
  }

  // §8.4 step 3: the attestation certificate extension data.
  const ext = leaf.extensions.get(OID_ANDROID_KEY_DESCRIPTION);
  if (ext === undefined) {
    throw new WebAuthnError('ERR_ATTESTATION_ANDROID_KEY_EXTENSION_MISSING', 'android-key certificate lacks the key attestation extension', {
      expected: OID_ANDROID_KEY_DESCRIPTION,
    });
  }
  const kd = parseKeyDescription(ext.value);
  // attestationChallenge is identical to clientDataHash.
  if (!equalBytes(kd.attestationChallenge, ctx.clientDataHash)) {
    throw new WebAuthnError('ERR_ATTESTATION_ANDROID_KEY_CHALLENGE_MISMATCH', 'android-key attestationChallenge is not clientDataHash', {
      expected: toHex(ctx.clientDataHash),
      received: toHex(kd.attestationChallenge.subarray(0, 64)),
    });
  }
  // The AuthorizationList.allApplications field is not present in either list (the key must be
  // scoped to the RP).
  if (kd.softwareEnforced.allApplications || kd.teeEnforced.allApplications) {
    throw new WebAuthnError('ERR_ATTESTATION_ANDROID_KEY_ALL_APPLICATIONS', 'android-key authorization lists contain allApplications', {
      received: { softwareEnforced: kd.softwareEnforced.allApplications, teeEnforced: kd.teeEnforced.allApplications },
    });
  }
  if (ctx.policy.androidKeyAllowSoftwareEnforced) {
    checkAuthorizations([kd.teeEnforced, kd.softwareEnforced], 'teeEnforced+softwareEnforced');
  } else {
    checkAuthorizations([kd.teeEnforced], 'teeEnforced');
  }

  // §8.4 step 2: sig is a valid signature over authenticatorData ‖ clientDataHash with the leaf key and alg.
  await verifyStatementSignature(leafKey, alg, sig, concat(ctx.authData, ctx.clientDataHash), ctx.policy);

  // §8.4 step 4: attestation type Basic, trust path x5c.
  const trusted = await validateAttestationChain(chain, ctx);
  const result: AttestationResult = { fmt: 'android-key', type: 'basic', trustPath: chain.map((c) => c.der), trusted };
  return result;
};
