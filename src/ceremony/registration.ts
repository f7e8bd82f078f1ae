/**
 * verifyRegistration: WebAuthn L3 §7.1 "Registering a New Credential", end to end, with the
 * attestation statement verified by its format (§8) and, when the RP supplies trust anchors, its
 * certificate chain validated to one of them (src/x509/path.ts).
 */
import { parseAttestationObject } from '../parse/attestation-object.js';
import type { AttestationMetadata } from '../attestation/metadata.js';
import type { AttestationType } from '../attestation/types.js';
import { parseAuthenticatorData } from '../parse/authenticator-data.js';
import type { CborValue } from '../cbor/decode.js';
import { auditRequested, createAuditRecorder, NO_AUDIT, type AuditEntry, type AuditRecorder, type PolicyEntry } from './audit.js';
import { registrationPolicy } from './audit-policy.js';
import type { AttestationResult } from '../attestation/types.js';
import { SUPPORTED_ATTESTATION_FORMATS } from '../attestation/formats.js';
import type { AuthenticatorData } from '../parse/authenticator-data.js';
import { checkAuthDataFlags, checkClientData, type ExpectedChallenge } from './checks.js';
import { parseClientDataJSON, type CollectedClientData } from '../parse/client-data.js';
import type { COSEPublicKey } from '../cose/types.js';
import { DEFAULT_REFUSED_STATUSES } from '../metadata/status.js';
import { decodeCOSEKey } from '../cose/key.js';
import { sha256 } from '../crypto/hash-sync.js';
import { encodeBase64url } from '../encoding/base64url.js';
import { equalBytes, toUuid } from '../encoding/bytes.js';
import { DEFAULT_SUPPORTED_ALGORITHMS } from '../cose/default-algorithms.js';
import { WebAuthnError } from '../errors.js';
import { readRegistrationEnvelope, type ParsedRegistrationEnvelope } from '../parse/envelope.js';
import { optionError, readCeremonyOptions, type CeremonyInputs } from './options.js';
import { REGISTRATION_AUTH_DATA_STEPS, REGISTRATION_CLIENT_DATA_STEPS } from './steps.js';
import type { RegistrationResponseJSON } from '../parse/types.js';
import { readAttestationOptions, verifyAttestationStatement, type AttestationOptions, type ResolvedAttestationOptions } from './registration-attestation.js';

export type { AttestationOptions, TrustAnchorInput, TrustAnchorResolver } from './registration-attestation.js';

export interface VerifyRegistrationOptions {
  readonly response: RegistrationResponseJSON | unknown;
  readonly expectedChallenge: ExpectedChallenge;
  readonly expectedOrigin: string | readonly string[];
  /** Required: registration without an RP ID check is refused. */
  readonly expectedRPID: string | readonly string[];
  /** Default true. */
  readonly requireUserVerification?: boolean;
  /** Default true (§7.1 step 15). */
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
  /**
   * Default false. True: the result (or the thrown WebAuthnError) carries `audit`, the checks that
   * ran with their §7.1 steps, and `policy`, the options that relaxed or tightened the defaults
   * (docs/api.md, "Audit"). Off, it costs nothing.
   */
  readonly audit?: boolean;
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
  /** With `audit: true` only: the checks that ran, in order (docs/api.md, "Audit"). */
  readonly audit?: readonly AuditEntry[];
  /** With `audit: true` only: the options that relaxed or tightened the defaults. */
  readonly policy?: readonly PolicyEntry[];
}

export { DEFAULT_SUPPORTED_ALGORITHMS };

/**
 * Verifies a registration response. Resolves only when every check passed; otherwise rejects with a
 * WebAuthnError (docs/errors.md). `attestation.trusted` says whether trust was established.
 */
export async function verifyRegistration(options: VerifyRegistrationOptions): Promise<VerifiedRegistration> {
  const audit = auditRequested(options);
  const rec = audit ? createAuditRecorder('7.1.1') : NO_AUDIT;
  try {
    const o = readRegistrationOptions(options);
    if (audit) rec.setPolicy(policyOf(o));
    rec.pass();
    const result = await verifyRegistrationSteps(o, options.response, rec);
    return audit ? { ...result, audit: rec.entries, policy: rec.policy } : result;
  } catch (error) {
    return rec.fail(error);
  }
}

/** The options as validated (§7.1 step 1: the RP's needs for this ceremony). */
interface RegistrationInputs extends CeremonyInputs {
  readonly algorithms: readonly number[];
  readonly att: ResolvedAttestationOptions;
}

/** §7.1 step 1: the RP's options, validated up front so a misconfigured RP fails loudly. */
function readRegistrationOptions(options: VerifyRegistrationOptions): RegistrationInputs {
  const shared = readCeremonyOptions(options); // the options object and the options both ceremonies share
  return {
    ...shared,
    algorithms: readAlgorithms(options.supportedAlgorithms),
    att: readAttestationOptions(options.attestation),
  };
}

function policyOf(o: RegistrationInputs): readonly PolicyEntry[] {
  return registrationPolicy({
    ...o,
    challengeIsPredicate: typeof o.expectedChallenge === 'function',
    defaultAlgorithms: DEFAULT_SUPPORTED_ALGORITHMS,
    allFormats: SUPPORTED_ATTESTATION_FORMATS,
    defaultRefusedStatuses: DEFAULT_REFUSED_STATUSES,
  });
}

async function verifyRegistrationSteps(o: RegistrationInputs, responseJSON: unknown, rec: AuditRecorder): Promise<VerifiedRegistration> {
  // §7.1 step 3: the response as JSON from the client.
  rec.begin('7.1.3', 'response envelope');
  const response = readRegistrationEnvelope(responseJSON);
  rec.pass(response.id);

  // §7.1 steps 5–11: clientDataJSON binds the ceremony.
  rec.begin('7.1.6', 'clientDataJSON (fatal UTF-8, JSON object)');
  const c = parseClientDataJSON(response.clientDataJSON);
  rec.pass();
  await checkClientData(c, 'webauthn.create', o, rec, REGISTRATION_CLIENT_DATA_STEPS);

  // §7.1 step 12: hash = SHA-256(clientDataJSON).
  const clientDataHash = sha256(response.clientDataJSON);

  // §7.1 step 13: decode the attestation object.
  rec.begin('7.1.13', 'attestation object and authenticatorData decoded');
  const attObj = parseAttestationObject(response.attestationObject);
  const authData = parseAuthenticatorData(attObj.authData);
  rec.pass(attObj.fmt);

  // §7.1 steps 14–17: rpIdHash, UP, UV, BS without BE (refused by the parser, §6.1.3).
  const rpId = await checkAuthDataFlags(authData, o, rec, REGISTRATION_AUTH_DATA_STEPS);
  const { acd, credentialKey } = checkCredentialKey(authData, response, o.algorithms, rec);

  // §7.1 steps 21–24: the statement, its trust (anchors, metadata) and the RP's trust requirement.
  const { result, metadata } = await verifyAttestationStatement(o.att, {
    fmt: attObj.fmt,
    attStmt: attObj.attStmt,
    authData: attObj.authData,
    parsedAuthData: authData,
    credentialKey,
    clientDataHash,
    allowNonCanonicalSignatures: o.allowNonCanonical,
  }, rec);
  return verifiedRegistration({ response, c, authData, acd, credentialKey, result, metadata, rpId });
}

/** §7.1 step 20 (and 25 for the id): the attested credential, its id and its key's algorithm. */
function checkCredentialKey(authData: AuthenticatorData, response: ParsedRegistrationEnvelope, algorithms: readonly number[], rec: AuditRecorder) {
  // §7.1 step 20 reads the credential public key from authData: a registration must carry it (AT).
  rec.begin('7.1.20', 'attested credential data present');
  const acd = authData.attestedCredentialData;
  if (acd === undefined) {
    throw new WebAuthnError('ERR_AUTH_DATA_ATTESTED_DATA_MISSING', 'Registration authenticatorData has no attested credential data (AT)');
  }
  rec.pass();
  // §7.1 step 25 and §5.1: the attested credential id is the one the client reported (≤ 1023 bytes, checked by the parser).
  rec.begin('7.1.25', 'attested credential id is the response id (at most 1023 bytes)');
  if (!equalBytes(acd.credentialId, response.rawId)) {
    throw new WebAuthnError('ERR_RESPONSE_ID_MISMATCH', 'Attested credential id differs from the response id', {
      expected: encodeBase64url(acd.credentialId),
      received: response.id,
    });
  }
  rec.pass(acd.credentialId.length);
  // §7.1 step 20: the credential key's alg is one the RP offered (pubKeyCredParams), and the key is valid for it.
  rec.begin('7.1.20', 'credential key alg is one the RP offered');
  const credentialKey = decodeCOSEKey(acd.credentialPublicKey);
  if (credentialKey.alg === undefined || !algorithms.includes(credentialKey.alg)) {
    throw new WebAuthnError('ERR_COSE_ALG_NOT_ALLOWED', 'Credential key algorithm is not one the RP supports', {
      expected: algorithms.join(','),
      received: credentialKey.alg,
    });
  }
  rec.pass(credentialKey.alg, algorithms);
  return { acd, credentialKey: credentialKey as COSEPublicKey & { alg: number } };
}

interface RegistrationParts {
  readonly response: ParsedRegistrationEnvelope;
  readonly c: CollectedClientData;
  readonly authData: AuthenticatorData;
  readonly acd: NonNullable<AuthenticatorData['attestedCredentialData']>;
  readonly credentialKey: COSEPublicKey & { alg: number };
  readonly result: AttestationResult;
  readonly metadata: AttestationMetadata | undefined;
  readonly rpId: string;
}

/** §7.1 step 27: the credential record the caller stores (step 29). */
function verifiedRegistration(p: RegistrationParts): VerifiedRegistration {
  const { response, c, authData, acd, credentialKey, result, metadata, rpId } = p;
  return {
    credential: {
      id: response.id,
      publicKey: acd.credentialPublicKey,
      algorithm: credentialKey.alg,
      counter: authData.signCount,
      transports: response.transports,
      backupEligible: authData.flags.backupEligible,
      backedUp: authData.flags.backedUp,
      aaguid: toUuid(acd.aaguid),
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
