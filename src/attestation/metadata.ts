/**
 * Attestation trust from a verified FIDO metadata BLOB (WebAuthn L3 §7.1 step 23 "obtain a list of
 * acceptable trust anchors … from a trusted source or from policy"; FIDO MDS v3.0 §3.2).
 *
 * - Lookup (one function, used for the anchors and for the report): by AAGUID when authData's AAGUID
 *   is not all zero, else by the key identifier of the attestation certificate (the leaf of the trust
 *   path; RFC 5280 §4.2.1.2 method 1). `none` statements carry no claim and get no lookup.
 * - Anchors: an entry's attestationRootCertificates join the caller's anchors; a chain that reaches
 *   none of them is ERR_METADATA_ROOT_MISMATCH (the authenticator claims a model it cannot prove).
 * - Promises: the attestation type must be one the statement lists (ERR_METADATA_ATTESTATION_TYPE);
 *   a refused status in effect at `now` is ERR_METADATA_STATUS_REFUSED; the credential algorithm is
 *   compared with authenticationAlgorithms and a mismatch is only reported (real statements are
 *   incomplete: Windows Hello lists RS256 while its ECC TPMs register ES256 keys).
 */
import { WebAuthnError } from '../errors.js';
import { toUuid } from '../encoding/bytes.js';
import { certificateKeyIdentifier, entryAttestationRoots } from '../metadata/entry.js';
import { refusedReport, statusAt } from '../metadata/status.js';
import type { MetadataEntry, MetadataStatusReport, VerifiedMetadata } from '../metadata/types.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import type { AttestationType } from './types.js';

export interface MetadataMatch {
  readonly entry: MetadataEntry;
  readonly aaguid?: string;
  readonly keyIdentifier?: string;
}

/** What `attestation.metadata` reports for a registration. */
export interface AttestationMetadata {
  readonly description: string | undefined;
  readonly aaguid?: string;
  readonly keyIdentifier?: string;
  /** The latest status report in effect at the verification time. */
  readonly status: MetadataStatusReport | undefined;
  /** false when the credential algorithm is not in authenticationAlgorithms; undefined when we cannot tell. */
  readonly algorithmListed: boolean | undefined;
  readonly entry: MetadataEntry;
}

const isZero = (bytes: Uint8Array) => bytes.every((b) => b === 0);

/** The entry for this authenticator: by AAGUID, or (zero AAGUID) by the attestation certificate's key identifier. */
export function findMetadataEntry(metadata: VerifiedMetadata, aaguid: Uint8Array, leaf: ParsedCertificate | undefined): MetadataMatch | undefined {
  if (!isZero(aaguid)) {
    const id = toUuid(aaguid);
    const entry = metadata.findByAAGUID(id);
    return entry === undefined ? undefined : { entry, aaguid: id };
  }
  if (leaf === undefined) return undefined;
  const keyIdentifier = certificateKeyIdentifier(leaf);
  const entry = metadata.findByKeyIdentifier(keyIdentifier);
  return entry === undefined ? undefined : { entry, keyIdentifier };
}

/** The entry's roots together with the caller's anchors (§7.1 step 23). */
export function metadataAnchors(match: MetadataMatch, callerAnchors: readonly ParsedCertificate[] | undefined): readonly ParsedCertificate[] {
  return [...entryAttestationRoots(match.entry), ...(callerAnchors ?? [])];
}

/** FIDO Metadata Statement §4 attestationTypes → the L3 §6.5.4 types they promise. */
const TYPE_NAMES: Readonly<Record<string, AttestationType>> = Object.freeze({
  basic_full: 'basic',
  basic_surrogate: 'self',
  attca: 'attca',
  anonca: 'anonca',
});

/** FIDO Registry §3.6.1 authentication algorithm names for the COSE algorithms we verify. */
const ALGORITHM_NAMES: Readonly<Record<number, readonly string[]>> = Object.freeze({
  [-7]: ['secp256r1_ecdsa_sha256_raw', 'secp256r1_ecdsa_sha256_der'],
  [-35]: ['secp384r1_ecdsa_sha384_raw', 'secp384r1_ecdsa_sha384_der'],
  [-36]: ['secp521r1_ecdsa_sha512_raw', 'secp521r1_ecdsa_sha512_der'],
  [-8]: ['ed25519_eddsa_sha512_raw'],
  [-257]: ['rsassa_pkcsv15_sha256_raw', 'rsassa_pkcsv15_sha256_der'],
  [-258]: ['rsassa_pkcsv15_sha384_raw', 'rsassa_pkcsv15_sha384_der'],
  [-259]: ['rsassa_pkcsv15_sha512_raw', 'rsassa_pkcsv15_sha512_der'],
  [-65535]: ['rsassa_pkcsv15_sha1_raw', 'rsassa_pkcsv15_sha1_der'],
  [-37]: ['rsassa_pss_sha256_raw', 'rsassa_pss_sha256_der'],
  [-38]: ['rsassa_pss_sha384_raw', 'rsassa_pss_sha384_der'],
  [-39]: ['rsassa_pss_sha512_raw', 'rsassa_pss_sha512_der'],
});

export interface MetadataPromiseInput {
  readonly type: AttestationType;
  readonly trustPath: readonly Uint8Array[];
  readonly credentialAlg: number;
  readonly now: Date;
  readonly refuseStatuses: ReadonlySet<string>;
}

/** Checks what the entry promises against this registration; returns the report or throws. */
export function checkMetadataPromises(match: MetadataMatch, input: MetadataPromiseInput): AttestationMetadata {
  const statement = match.entry.metadataStatement;
  const listed = (statement?.attestationTypes ?? []).map((t) => TYPE_NAMES[t]).filter((t) => t !== undefined);
  if (!listed.includes(input.type)) {
    throw new WebAuthnError('ERR_METADATA_ATTESTATION_TYPE', 'Attestation type is not one the metadata statement lists', {
      expected: statement?.attestationTypes ?? [],
      received: input.type,
    });
  }
  const refused = refusedReport(match.entry, input.now, input.trustPath, input.refuseStatuses);
  if (refused !== undefined) {
    throw new WebAuthnError('ERR_METADATA_STATUS_REFUSED', 'Metadata reports a status the RP refuses for this authenticator', {
      received: refused.status,
      effectiveDate: refused.effectiveDate,
    });
  }
  const names = ALGORITHM_NAMES[input.credentialAlg];
  const algorithms = statement?.authenticationAlgorithms;
  return Object.freeze({
    description: statement?.description,
    ...(match.aaguid !== undefined ? { aaguid: match.aaguid } : {}),
    ...(match.keyIdentifier !== undefined ? { keyIdentifier: match.keyIdentifier } : {}),
    status: statusAt(match.entry, input.now),
    algorithmListed: names === undefined || algorithms === undefined ? undefined : names.some((n) => algorithms.includes(n)),
    entry: match.entry,
  });
}

