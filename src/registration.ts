/**
 * verifyRegistration: WebAuthn L3 §7.1 "Registering a New Credential", end to end, with the
 * attestation statement verified by its format (§8) and, when the RP supplies trust anchors, its
 * certificate chain validated to one of them (src/x509/path.ts).
 */
import { parseAttestationObject } from './attestation-object.js';
import type { AttestationMetadata } from './attestation/metadata.js';
import type { AttestationType } from './attestation/types.js';
import { parseAuthenticatorData } from './authenticator-data.js';
import type { CborMap, CborValue } from './cbor/decode.js';
import {
  booleanOption,
  checkChallenge,
  checkChallengeOption,
  checkOrigin,
  checkType,
  checkUserFlags,
  matchRpId,
  stringList,
  type ExpectedChallenge,
} from './ceremony.js';
import { parseClientDataJSON } from './client-data.js';
import { decodeCOSEKey } from './cose/key.js';
import { sha256 } from './crypto/hash.js';
import { encodeBase64url } from './encoding/base64url.js';
import { equalBytes, toUuid } from './encoding/bytes.js';
import { WebAuthnError } from './errors.js';
import { readRegistrationEnvelope } from './response.js';
import type { RegistrationResponseJSON } from './response-types.js';
import { readAttestationOptions, verifyAttestationStatement, type AttestationOptions } from './registration-attestation.js';

export type { AttestationOptions, TrustAnchorInput, TrustAnchorResolver } from './registration-attestation.js';

export interface VerifyRegistrationOptions {
  readonly response: RegistrationResponseJSON | unknown;
  readonly expectedChallenge: ExpectedChallenge;
  readonly expectedOrigin: string | readonly string[];
  /** Required: registration without an RP ID check is refused. */
  readonly expectedRPID: string | readonly string[];
  /** Default true. */
  readonly requireUserVerification?: boolean;
  /** Default true (§7.1 step 14). */
  readonly requireUserPresence?: boolean;
  /** COSE algorithm ids accepted for the credential key; default [-8, -7, -257] (EdDSA, ES256, RS256). */
  readonly supportedAlgorithms?: readonly number[];
  readonly allowCrossOrigin?: boolean;
  readonly expectedTopOrigin?: string | readonly string[];
  readonly attestation?: AttestationOptions;
  /**
   * Default false: ECDSA statement and certificate signatures must be canonical DER
   * (ERR_SIGNATURE_NON_CANONICAL_DER). True verifies the DER re-encoding of the recoverable BER forms
   * some authenticators emit (docs/security.md "Interoperability").
   */
  readonly allowNonCanonicalSignatures?: boolean;
}

export interface VerifiedRegistration {
  readonly credential: {
    /** base64url credential id. */
    readonly id: string;
    /** COSE_Key bytes to store for verifyAssertion. */
    readonly publicKey: Uint8Array;
    readonly algorithm: number;
    readonly counter: number;
    readonly transports: readonly string[];
    readonly backupEligible: boolean;
    readonly backedUp: boolean;
    /** 8-4-4-4-12 */
    readonly aaguid: string;
  };
  readonly attestation: {
    readonly fmt: string;
    readonly type: AttestationType;
    /** DER certificates, leaf first. */
    readonly trustPath: readonly Uint8Array[];
    /** True only when the chain validated to one of the trust anchors. */
    readonly trusted: boolean;
    readonly statements?: readonly { readonly fmt: string; readonly type: AttestationType; readonly trusted: boolean }[];
    /** The authenticator's FIDO metadata entry, when `attestation.metadata` lists it (docs/attestation.md). */
    readonly metadata?: AttestationMetadata;
  };
  /**
   * response.transports entries that are not AuthenticatorTransport values (§5.8.4), dropped from
   * credential.transports: unsigned hints never refuse a registration. Non-strings appear as `<typeof>`.
   */
  readonly droppedTransports: readonly string[];
  readonly userPresent: boolean;
  readonly userVerified: boolean;
  readonly origin: string;
  readonly rpId: string;
  readonly crossOrigin: boolean;
  readonly topOrigin: string | undefined;
  readonly extensions: Readonly<Record<string, CborValue>> | undefined;
}

export const DEFAULT_SUPPORTED_ALGORITHMS: readonly number[] = Object.freeze([-8, -7, -257]);

function optionError(option: string, reason: string): never {
  throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid verification options', { option, reason });
}

/**
 * Verifies a registration response. Resolves only when every check passed; otherwise rejects with a
 * WebAuthnError (docs/errors.md). `attestation.trusted` says whether trust was established.
 */
export async function verifyRegistration(options: VerifyRegistrationOptions): Promise<VerifiedRegistration> {
  if (typeof options !== 'object' || options === null) optionError('options', 'not an object');
  const expectedChallenge = checkChallengeOption(options.expectedChallenge);
  const origins = stringList(options.expectedOrigin, 'expectedOrigin');
  const rpIds = stringList(options.expectedRPID, 'expectedRPID');
  const requireUV = booleanOption(options.requireUserVerification, 'requireUserVerification', true);
  const requireUP = booleanOption(options.requireUserPresence, 'requireUserPresence', true);
  const allowCrossOrigin = booleanOption(options.allowCrossOrigin, 'allowCrossOrigin', false);
  const topOrigins = options.expectedTopOrigin === undefined ? undefined : stringList(options.expectedTopOrigin, 'expectedTopOrigin');
  const algorithms = readAlgorithms(options.supportedAlgorithms);
  const att = readAttestationOptions(options.attestation);
  const allowNonCanonicalSignatures = booleanOption(options.allowNonCanonicalSignatures, 'allowNonCanonicalSignatures', false);

  // §7.1 steps 1–4: the response as JSON from the client.
  const response = readRegistrationEnvelope(options.response);

  // §7.1 steps 5–10: clientDataJSON binds the ceremony.
  const c = parseClientDataJSON(response.clientDataJSON);
  checkType(c, 'webauthn.create');
  await checkChallenge(c, expectedChallenge);
  checkOrigin(c, origins, allowCrossOrigin, topOrigins);

  // §7.1 step 11: hash = SHA-256(clientDataJSON).
  const clientDataHash = sha256(response.clientDataJSON);

  // §7.1 step 12: decode the attestation object.
  const attObj = parseAttestationObject(response.attestationObject);
  const authData = parseAuthenticatorData(attObj.authData);

  // §7.1 steps 13–16: rpIdHash, UP, UV (BS without BE is refused by the parser, §6.1.3).
  const rpId = matchRpId(authData, rpIds);
  checkUserFlags(authData, requireUP, requireUV);

  // §7.1 step 17 (attested credential data): a registration must carry the new credential.
  const acd = authData.attestedCredentialData;
  if (acd === undefined) {
    throw new WebAuthnError('ERR_AUTH_DATA_ATTESTED_DATA_MISSING', 'Registration authenticatorData has no attested credential data (AT)');
  }
  // §7.1 step 25 and §5.1: the attested credential id is the one the client reported (≤ 1023 bytes, checked by the parser).
  if (!equalBytes(acd.credentialId, response.rawId)) {
    throw new WebAuthnError('ERR_RESPONSE_ID_MISMATCH', 'Attested credential id differs from the response id', {
      expected: encodeBase64url(acd.credentialId),
      received: response.id,
    });
  }
  // §7.1 step 19: the credential key's alg is one the RP offered (pubKeyCredParams), and the key is valid for it.
  const credentialKey = decodeCOSEKey(acd.credentialPublicKey);
  if (credentialKey.alg === undefined || !algorithms.includes(credentialKey.alg)) {
    throw new WebAuthnError('ERR_COSE_ALG_NOT_ALLOWED', 'Credential key algorithm is not one the RP supports', {
      expected: algorithms.join(','),
      received: credentialKey.alg,
    });
  }

  // §7.1 steps 21–24: the statement, its trust (anchors, metadata) and the RP's trust requirement.
  const aaguid = toUuid(acd.aaguid);
  const { result, metadata } = await verifyAttestationStatement(att, {
    fmt: attObj.fmt,
    attStmt: attObj.attStmt,
    authData: attObj.authData,
    parsedAuthData: authData,
    credentialKey,
    clientDataHash,
    allowNonCanonicalSignatures,
  });

  return {
    credential: {
      id: response.id,
      publicKey: acd.credentialPublicKey,
      algorithm: credentialKey.alg,
      counter: authData.signCount,
      transports: response.transports,
      backupEligible: authData.flags.backupEligible,
      backedUp: authData.flags.backedUp,
      aaguid,
    },
    attestation: {
      fmt: result.fmt,
      type: result.type,
      // Copies: the pipeline's parsed certificates are cached and shared between calls.
      trustPath: result.trustPath.map((der) => der.slice()),
      trusted: result.trusted,
      ...(result.statements ? { statements: result.statements.map((s) => ({ fmt: s.fmt, type: s.type, trusted: s.trusted })) } : {}),
      ...(metadata !== undefined ? { metadata } : {}),
    },
    droppedTransports: response.droppedTransports,
    userPresent: authData.flags.userPresent,
    userVerified: authData.flags.userVerified,
    origin: c.origin,
    rpId,
    crossOrigin: c.crossOrigin === true,
    topOrigin: c.topOrigin,
    extensions: authData.extensions,
  };
}

function readAlgorithms(value: unknown): readonly number[] {
  if (value === undefined) return DEFAULT_SUPPORTED_ALGORITHMS;
  if (!Array.isArray(value) || value.length === 0 || !value.every((a) => Number.isInteger(a))) {
    optionError('supportedAlgorithms', 'must be a non-empty array of COSE algorithm ids');
  }
  return value as number[];
}
