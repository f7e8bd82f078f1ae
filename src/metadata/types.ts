/**
 * The shapes of a verified FIDO metadata BLOB (FIDO MDS v3.0 §3.1) as this library exposes them.
 * Entries are the payload's JSON values exactly as published, deep-frozen; only the members a
 * verifier relies on are typed, the rest stay reachable as `unknown`.
 */

/** MDS v3.0 §3.1.4 AuthenticatorStatus values (a future value is kept as the string published). */
export type AuthenticatorStatus =
  | 'NOT_FIDO_CERTIFIED'
  | 'FIDO_CERTIFIED'
  | 'USER_VERIFICATION_BYPASS'
  | 'ATTESTATION_KEY_COMPROMISE'
  | 'USER_KEY_REMOTE_COMPROMISE'
  | 'USER_KEY_PHYSICAL_COMPROMISE'
  | 'UPDATE_AVAILABLE'
  | 'REVOKED'
  | 'SELF_ASSERTION_SUBMITTED'
  | 'FIDO_CERTIFIED_L1'
  | 'FIDO_CERTIFIED_L1plus'
  | 'FIDO_CERTIFIED_L2'
  | 'FIDO_CERTIFIED_L2plus'
  | 'FIDO_CERTIFIED_L3'
  | 'FIDO_CERTIFIED_L3plus'
  | (string & {});

/** MDS v3.0 §3.1.3 StatusReport. */
export interface MetadataStatusReport {
  readonly status: AuthenticatorStatus;
  /** 'YYYY-MM-DD'; a report without one is in effect from the start. */
  readonly effectiveDate?: string;
  /** For ATTESTATION_KEY_COMPROMISE: the compromised attestation certificate (standard base64 DER). */
  readonly certificate?: string;
  readonly [member: string]: unknown;
}

/** FIDO Metadata Statement v3.0 §4, the members this library reads. */
export interface MetadataStatement {
  readonly description?: string;
  readonly attestationTypes?: readonly string[];
  readonly attestationRootCertificates?: readonly string[];
  readonly authenticationAlgorithms?: readonly string[];
  readonly [member: string]: unknown;
}

/** MDS v3.0 §3.1.1 MetadataBLOBPayloadEntry. */
export interface MetadataEntry {
  readonly aaguid?: string;
  readonly aaid?: string;
  readonly attestationCertificateKeyIdentifiers?: readonly string[];
  readonly metadataStatement?: MetadataStatement;
  readonly statusReports: readonly MetadataStatusReport[];
  readonly timeOfLastStatusChange: string;
  readonly [member: string]: unknown;
}

export interface VerifyMetadataBLOBOptions {
  /** Verification time for the signing chain and CRLs; default: the current time. */
  readonly now?: Date;
  /** PEM or DER; default: the embedded GlobalSign Root CA - R3. */
  readonly rootCertificate?: string | Uint8Array;
  /** CRLs (PEM "X509 CRL" or DER) for the BLOB's chain; none are fetched. */
  readonly crls?: readonly (string | Uint8Array)[];
  /** The serial of the last BLOB you accepted: an older one (a replay) is refused. */
  readonly minimumSerial?: number;
  /**
   * The name the BLOB signer (x5c[0]) must be issued to: a subjectAltName dNSName, or the subject
   * CN when it has no subjectAltName (ASCII case-insensitive, no wildcards). Default
   * 'mds.fidoalliance.org'. The default root is a public web root, so this is what ties the signer
   * to the FIDO Alliance; with your own `rootCertificate` (conformance or enterprise MDS), pass the
   * name your signer is issued to.
   */
  readonly signerName?: string;
  /**
   * Refuse (ERR_METADATA_STALE) a BLOB when `now` is more than this many whole days past its
   * `nextUpdate` day (UTC); 0 = refused from the day after nextUpdate. Default: no bound, because an
   * offline RP may deliberately load a BLOB file it keeps; but then a replayed old BLOB, still inside
   * its signer's validity, is accepted by a process that has no `minimumSerial` yet. Set it when
   * BLOBs come from the network. createMetadataSource uses 7; Infinity turns the bound off there.
   */
  readonly maxDaysPastNextUpdate?: number;
}

export interface VerifiedMetadata {
  /** The BLOB serial (`no`). */
  readonly no: number;
  /** 'YYYY-MM-DD', as published: fetch a new BLOB after this date. */
  readonly nextUpdate: string;
  readonly legalHeader: string;
  readonly entries: readonly MetadataEntry[];
  /** By AAGUID (8-4-4-4-12 hex, any case); undefined when absent or malformed. */
  findByAAGUID(aaguid: string): MetadataEntry | undefined;
  /** By attestationCertificateKeyIdentifiers (40 hex digits, any case). */
  findByKeyIdentifier(hex: string): MetadataEntry | undefined;
}
