/**
 * verifyRegistration: WebAuthn L3 §7.1 "Registering a New Credential", end to end, with the
 * attestation statement verified by its format (§8) and, when the RP supplies trust anchors, its
 * certificate chain validated to one of them (src/x509/path.ts).
 */
import { parseAttestationObject } from './attestation-object.js';
import { ATTESTATION_FORMATS, SUPPORTED_ATTESTATION_FORMATS } from './attestation/formats.js';
import type { AttestationPolicy, AttestationType } from './attestation/types.js';
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
import type { ParsedCertificate } from './x509/certificate.js';
import { parseCertificateCached } from './x509/certificate-cache.js';
import { parseAnchorList } from './x509/pem.js';

/** PEM text (one or more CERTIFICATE blocks) or DER bytes. */
export type TrustAnchorInput = string | Uint8Array;
/** Anchors per format and AAGUID (8-4-4-4-12), e.g. looked up in FIDO MDS by the caller. */
export type TrustAnchorResolver = (
  fmt: string,
  aaguid: string,
) => readonly TrustAnchorInput[] | undefined | Promise<readonly TrustAnchorInput[] | undefined>;

export interface AttestationOptions {
  /** Allowed fmt values; default every implemented format. */
  readonly formats?: readonly string[];
  /** Roots the attestation chain must validate to. When given, an unanchored chain is an error. */
  readonly trustAnchors?: readonly TrustAnchorInput[] | TrustAnchorResolver;
  /** Default false. True: attestation that is not anchored (none, self, no anchors) is an error. */
  readonly requireTrustedAttestation?: boolean;
  /** Time for certificate validity and freshness checks; default the current time. */
  readonly now?: Date;
  /** Accept RS1 (SHA-1) signatures inside tpm/packed statements. Default true (Windows Hello). */
  readonly allowRS1InStatement?: boolean;
  /** android-key: accept origin/purpose from softwareEnforced too. Default false (TEE only). */
  readonly androidKeyAllowSoftwareEnforced?: boolean;
  /** android-safetynet: maximum age of timestampMs, in ms. Default 60 000. */
  readonly safetyNetMaxAgeMs?: number;
  /** tpm: accept only manufacturers in the TCG vendor registry. Default false (L3 requires only a well-formed id). */
  readonly tpmRequireKnownVendor?: boolean;
  /** fido-u2f: require an all-zero AAGUID, as FIDO conformance does. Default false (L3 has no such rule). */
  readonly fidoU2FRequireZeroAaguid?: boolean;
}

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

  // §7.1 steps 21–22: determine the format and verify the statement.
  if (!att.formats.includes(attObj.fmt)) {
    const known = Object.prototype.hasOwnProperty.call(ATTESTATION_FORMATS, attObj.fmt);
    throw new WebAuthnError(
      known ? 'ERR_ATTESTATION_FORMAT_NOT_ALLOWED' : 'ERR_ATTESTATION_FORMAT_UNSUPPORTED',
      known ? 'Attestation format is not allowed by the RP' : 'Attestation format is not supported',
      { received: attObj.fmt },
    );
  }
  const verifier = ATTESTATION_FORMATS[attObj.fmt];
  if (verifier === undefined) {
    throw new WebAuthnError('ERR_ATTESTATION_FORMAT_UNSUPPORTED', 'Attestation format is not supported', { received: attObj.fmt });
  }
  const aaguid = toUuid(acd.aaguid);
  // §7.1 step 23: trust anchors for this format/authenticator, from the RP; for compound (§8.9) per sub-statement fmt.
  const anchorsFor = (fmt: string) => resolveAnchors(att.trustAnchors, fmt, aaguid);
  // `none` (§8.7) has no trust path, so its anchors are never looked up (synced passkeys: all-zero AAGUID, no attestation).
  const trustAnchors = attObj.fmt === 'compound' || attObj.fmt === 'none' ? undefined : await anchorsFor(attObj.fmt);
  // attStmt is a map for every format but compound, whose verifier takes (and checks) the array.
  const result = await verifier(attObj.attStmt as CborMap, {
    authData: attObj.authData,
    parsedAuthData: authData,
    credentialKey,
    clientDataHash,
    now: att.now,
    trustAnchors,
    policy: { ...att.policy, allowNonCanonicalSignatures },
    // compound (§8.9): each sub-statement fmt must be allowed (step 21) and gets its own anchors (step 23).
    subStatements: { formats: att.formats, anchorsFor },
  });
  // §7.1 step 24: assess trustworthiness; by default an unanchored statement is reported, not refused.
  if (att.requireTrusted && !result.trusted) {
    throw new WebAuthnError('ERR_ATTESTATION_UNTRUSTED', 'Attestation is not anchored to a trusted root', {
      received: `${result.fmt}/${result.type}`,
    });
  }

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

interface ResolvedAttestationOptions {
  formats: readonly string[];
  trustAnchors: AttestationOptions['trustAnchors'];
  requireTrusted: boolean;
  now: Date;
  policy: AttestationPolicy;
}

function readAttestationOptions(value: AttestationOptions | undefined): ResolvedAttestationOptions {
  const o = value ?? {};
  if (typeof o !== 'object' || o === null) optionError('attestation', 'must be an object');
  const formats = o.formats ?? SUPPORTED_ATTESTATION_FORMATS;
  if (!Array.isArray(formats) || !formats.every((f) => typeof f === 'string')) optionError('attestation.formats', 'must be an array of strings');
  const now = o.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) optionError('attestation.now', 'must be a valid Date');
  const maxAge = o.safetyNetMaxAgeMs ?? 60_000;
  if (typeof maxAge !== 'number' || !Number.isFinite(maxAge) || maxAge < 0) optionError('attestation.safetyNetMaxAgeMs', 'must be a non-negative number');
  const anchors = o.trustAnchors;
  if (anchors !== undefined && typeof anchors !== 'function' && !Array.isArray(anchors)) {
    optionError('attestation.trustAnchors', 'must be an array of PEM/DER certificates or a function');
  }
  return {
    formats,
    trustAnchors: anchors,
    requireTrusted: booleanOption(o.requireTrustedAttestation, 'attestation.requireTrustedAttestation', false),
    now,
    policy: {
      allowRS1InStatement: booleanOption(o.allowRS1InStatement, 'attestation.allowRS1InStatement', true),
      androidKeyAllowSoftwareEnforced: booleanOption(o.androidKeyAllowSoftwareEnforced, 'attestation.androidKeyAllowSoftwareEnforced', false),
      safetyNetMaxAgeMs: maxAge,
      tpmRequireKnownVendor: booleanOption(o.tpmRequireKnownVendor, 'attestation.tpmRequireKnownVendor', false),
      fidoU2FRequireZeroAaguid: booleanOption(o.fidoU2FRequireZeroAaguid, 'attestation.fidoU2FRequireZeroAaguid', false),
    },
  };
}

async function resolveAnchors(
  input: AttestationOptions['trustAnchors'],
  fmt: string,
  aaguid: string,
): Promise<readonly ParsedCertificate[] | undefined> {
  if (input === undefined) return undefined;
  const list = typeof input === 'function' ? await input(fmt, aaguid) : input;
  if (list === undefined || list.length === 0) return undefined;
  // The same anchors arrive on every call: parsed once, by exact DER (src/x509/certificate-cache.ts).
  return parseAnchorList(list, parseCertificateCached);
}
