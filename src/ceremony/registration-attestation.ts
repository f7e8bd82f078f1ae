/**
 * The attestation step of verifyRegistration (WebAuthn L3 §7.1 steps 21–24): the RP's attestation
 * options, the format's verifier (§8), trust anchors from the RP and from a verified FIDO metadata
 * BLOB (step 23), what the metadata entry promises, and the RP's trust requirement (step 24).
 */
import { ATTESTATION_FORMATS, SUPPORTED_ATTESTATION_FORMATS } from '../attestation/formats.js';
import { checkMetadataPromises, findMetadataEntry, type AttestationMetadata } from '../attestation/metadata.js';
import type { AttestationPolicy, AttestationResult } from '../attestation/types.js';
import type { AuthenticatorData } from '../parse/authenticator-data.js';
import type { CborMap } from '../cbor/decode.js';
import { booleanOption } from './checks.js';
import type { COSEPublicKey } from '../cose/types.js';
import { toUuid } from '../encoding/bytes.js';
import { NO_AUDIT, type AuditRecorder } from './audit.js';
import { WebAuthnError } from '../errors.js';
import { DEFAULT_REFUSED_STATUSES } from '../metadata/status.js';
import type { VerifiedMetadata } from '../metadata/types.js';
import { isVerifiedMetadata } from '../metadata/service.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { parseCertificateCached } from '../x509/certificate-cache.js';
import { parseAnchorList } from '../x509/pem.js';

/** PEM text (one or more CERTIFICATE blocks) or DER bytes. */
export type TrustAnchorInput = string | Uint8Array;
/** Anchors per format and AAGUID (8-4-4-4-12). */
export type TrustAnchorResolver = (
  fmt: string,
  aaguid: string,
) => readonly TrustAnchorInput[] | undefined | Promise<readonly TrustAnchorInput[] | undefined>;

export interface AttestationOptions {
  /** Allowed fmt values; default every implemented format. */
  readonly formats?: readonly string[];
  /** Roots the attestation chain must validate to. When given, an unanchored chain is an error. */
  readonly trustAnchors?: readonly TrustAnchorInput[] | TrustAnchorResolver;
  /**
   * A BLOB from verifyMetadataBLOB: authenticators it lists must chain to their entry's roots (with
   * `trustAnchors`), keep the entry's promises, and have no refused status (docs/attestation.md).
   */
  readonly metadata?: VerifiedMetadata;
  /** Metadata statuses that refuse a registration; default DEFAULT_REFUSED_STATUSES. `[]` only reports. */
  readonly refuseMetadataStatuses?: readonly string[];
  /** Default false. True: attestation that is not anchored (none, self, no anchors) is an error. */
  readonly requireTrustedAttestation?: boolean;
  /** Time for certificate validity, metadata status and freshness checks; default the current time. */
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

export interface ResolvedAttestationOptions {
  readonly formats: readonly string[];
  readonly trustAnchors: AttestationOptions['trustAnchors'];
  readonly metadata: VerifiedMetadata | undefined;
  readonly refuseStatuses: ReadonlySet<string>;
  readonly requireTrusted: boolean;
  readonly now: Date;
  /** True when the caller gave `now` (the audit policy lists it); false when it is the clock. */
  readonly nowGiven: boolean;
  readonly policy: AttestationPolicy;
}

function optionError(option: string, reason: string): never {
  throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid verification options', { option, reason });
}

function readMetadata(value: unknown): VerifiedMetadata | undefined {
  if (value === undefined) return undefined;
  const m = value as Partial<VerifiedMetadata> | null;
  if (!isVerifiedMetadata(m)) {
    optionError('attestation.metadata', 'must be the result of verifyMetadataBLOB');
  }
  return m as VerifiedMetadata;
}

function readStatuses(value: unknown): ReadonlySet<string> {
  if (value === undefined) return new Set(DEFAULT_REFUSED_STATUSES);
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) optionError('attestation.refuseMetadataStatuses', 'must be an array of strings');
  return new Set(value);
}

export function readAttestationOptions(value: AttestationOptions | undefined): ResolvedAttestationOptions {
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
    metadata: readMetadata(o.metadata),
    refuseStatuses: readStatuses(o.refuseMetadataStatuses),
    requireTrusted: booleanOption(o.requireTrustedAttestation, 'attestation.requireTrustedAttestation', false),
    now,
    nowGiven: o.now !== undefined,
    policy: {
      allowRS1InStatement: booleanOption(o.allowRS1InStatement, 'attestation.allowRS1InStatement', true),
      androidKeyAllowSoftwareEnforced: booleanOption(o.androidKeyAllowSoftwareEnforced, 'attestation.androidKeyAllowSoftwareEnforced', false),
      safetyNetMaxAgeMs: maxAge,
      tpmRequireKnownVendor: booleanOption(o.tpmRequireKnownVendor, 'attestation.tpmRequireKnownVendor', false),
      fidoU2FRequireZeroAaguid: booleanOption(o.fidoU2FRequireZeroAaguid, 'attestation.fidoU2FRequireZeroAaguid', false),
    },
  };
}

async function resolveAnchors(input: AttestationOptions['trustAnchors'], fmt: string, aaguid: string): Promise<readonly ParsedCertificate[] | undefined> {
  if (input === undefined) return undefined;
  const list = typeof input === 'function' ? await input(fmt, aaguid) : input;
  if (list === undefined || list.length === 0) return undefined;
  // The same anchors arrive on every call: parsed once, by exact DER (src/x509/certificate-cache.ts).
  return parseAnchorList(list, parseCertificateCached);
}

export interface StatementInput {
  readonly fmt: string;
  readonly attStmt: unknown;
  readonly authData: Uint8Array;
  readonly parsedAuthData: AuthenticatorData;
  readonly credentialKey: COSEPublicKey;
  readonly clientDataHash: Uint8Array;
  readonly allowNonCanonicalSignatures: boolean;
}

/** §7.1 step 21: a format the RP allows and we implement. */
function formatVerifier(fmt: string, formats: readonly string[]) {
  const known = Object.prototype.hasOwnProperty.call(ATTESTATION_FORMATS, fmt);
  if (!formats.includes(fmt)) {
    throw new WebAuthnError(
      known ? 'ERR_ATTESTATION_FORMAT_NOT_ALLOWED' : 'ERR_ATTESTATION_FORMAT_UNSUPPORTED',
      known ? 'Attestation format is not allowed by the RP' : 'Attestation format is not supported',
      { received: fmt },
    );
  }
  const verifier = known ? ATTESTATION_FORMATS[fmt] : undefined;
  if (verifier === undefined) throw new WebAuthnError('ERR_ATTESTATION_FORMAT_UNSUPPORTED', 'Attestation format is not supported', { received: fmt });
  return verifier;
}

/**
 * What the metadata entry of each attested statement promises (type, status), checked, with the first
 * entry found reported. `none` carries no claim (no lookup); `self` is looked up by AAGUID only.
 */
async function assessMetadata(result: AttestationResult, att: ResolvedAttestationOptions, input: StatementInput): Promise<AttestationMetadata | undefined> {
  if (att.metadata === undefined) return undefined;
  let report: AttestationMetadata | undefined;
  for (const s of result.statements ?? [result]) {
    if (s.type === 'none') continue;
    const chain = s.trustPath.map((der) => parseCertificateCached(der));
    const match = findMetadataEntry(att.metadata, input.parsedAuthData.attestedCredentialData!.aaguid, chain[0]);
    if (match === undefined) continue;
    const checked = await checkMetadataPromises(match, {
      type: s.type, chain, credentialAlg: input.credentialKey.alg!, now: att.now, refuseStatuses: att.refuseStatuses,
      allowNonCanonicalSignatures: input.allowNonCanonicalSignatures,
    });
    report ??= checked;
  }
  return report;
}

/** §7.1 steps 21–24. Throws WebAuthnError; returns the format's result and the metadata report. */
export async function verifyAttestationStatement(
  att: ResolvedAttestationOptions,
  input: StatementInput,
  rec: AuditRecorder = NO_AUDIT,
): Promise<{ result: AttestationResult; metadata: AttestationMetadata | undefined }> {
  rec.begin('7.1.21', 'fmt is allowed and implemented');
  const verifier = formatVerifier(input.fmt, att.formats);
  rec.pass(input.fmt, att.formats);
  const aaguid = toUuid(input.parsedAuthData.attestedCredentialData!.aaguid);
  // §7.1 step 23: anchors for this format/authenticator; for compound (§8.9) per sub-statement fmt.
  rec.begin('7.1.23', 'trust anchors for this fmt and AAGUID');
  const anchorsFor = (fmt: string) => resolveAnchors(att.trustAnchors, fmt, aaguid);
  // `none` (§8.7) has no trust path, so its anchors are never looked up (synced passkeys: all-zero AAGUID, no attestation).
  const trustAnchors = input.fmt === 'compound' || input.fmt === 'none' ? undefined : await anchorsFor(input.fmt);
  if (trustAnchors === undefined) rec.skip('no anchors for this statement');
  else rec.pass(trustAnchors.length);
  // §7.1 step 22: the format's verification procedure (§8), including the chain to the anchors.
  rec.begin('7.1.22', 'attestation statement verifies (format procedure, chain)');
  // attStmt is a map for every format but compound, whose verifier takes (and checks) the array.
  const result = await verifier(input.attStmt as CborMap, {
    authData: input.authData,
    parsedAuthData: input.parsedAuthData,
    credentialKey: input.credentialKey,
    clientDataHash: input.clientDataHash,
    now: att.now,
    trustAnchors,
    ...(att.metadata !== undefined ? { metadata: att.metadata } : {}),
    policy: { ...att.policy, allowNonCanonicalSignatures: input.allowNonCanonicalSignatures },
    // compound (§8.9): each sub-statement fmt must be allowed (step 21) and gets its own anchors (step 23).
    subStatements: { formats: att.formats, anchorsFor },
  });
  rec.pass(result.fmt, result.type);
  return { result, metadata: await assessTrust(result, att, input, rec) };
}

/** §7.1 step 23 (metadata promises) and step 24: the RP's trust requirement. */
async function assessTrust(result: AttestationResult, att: ResolvedAttestationOptions, input: StatementInput, rec: AuditRecorder): Promise<AttestationMetadata | undefined> {
  rec.begin('7.1.23', 'FIDO metadata entry: roots, attestation type, status');
  const metadata = await assessMetadata(result, att, input);
  if (att.metadata === undefined) rec.skip('no metadata given');
  else if (metadata === undefined) rec.report('authenticator not listed');
  else rec.pass(metadata.description);
  // §7.1 step 24: assess trustworthiness; by default an unanchored statement is reported, not refused.
  rec.begin('7.1.24', 'attestation trustworthiness');
  if (att.requireTrusted && !result.trusted) {
    throw new WebAuthnError('ERR_ATTESTATION_UNTRUSTED', 'Attestation is not anchored to a trusted root', { received: `${result.fmt}/${result.type}` });
  }
  if (result.trusted) rec.pass(result.type);
  else rec.report('not anchored (requireTrustedAttestation is false)');
  return metadata;
}
