/**
 * Attestation trust from a verified FIDO metadata BLOB (WebAuthn L3 §7.1 step 23 "obtain a list of
 * acceptable trust anchors … from a trusted source or from policy"; FIDO MDS v3.0 §3.2).
 *
 * - Lookup (one function, used for the anchors and for the report): by AAGUID when authData's AAGUID
 *   is not all zero, else by the key identifier of the attestation certificate (the leaf of the trust
 *   path; RFC 5280 §4.2.1.2 method 1). `none` statements carry no claim and get no lookup.
 * - Anchors: a listed authenticator's anchors are its entry's attestationRootCertificates, and only
 *   those; a chain that reaches none of them is ERR_METADATA_ROOT_MISMATCH (the authenticator claims a
 *   model it cannot prove). The caller's trustAnchors serve the authenticators the BLOB does not list.
 * - Promises: the attestation type must be one the statement lists (ERR_METADATA_ATTESTATION_TYPE);
 *   a refused status in effect at `now` is ERR_METADATA_STATUS_REFUSED; the credential algorithm is
 *   compared with authenticationAlgorithms and a mismatch is only reported (real statements are
 *   incomplete: Windows Hello lists RS256 while its ECC TPMs register ES256 keys).
 */
import { WebAuthnError } from '../errors.js';
import { toUuid } from '../encoding/bytes.js';
import { certificateKeyIdentifier, entryAttestationRoots } from '../metadata/entry.js';
import { namesCompromisedCertificate, refusedReport, statusAt } from '../metadata/status.js';
import type { MetadataEntry, MetadataStatusReport, VerifiedMetadata } from '../metadata/types.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { validateCertificatePath } from '../x509/path.js';
import type { AttestationType } from './types.js';

export interface MetadataMatch {
  /** The entry that identifies the authenticator: its roots are the anchors, its promises are checked. */
  readonly entry: MetadataEntry;
  readonly aaguid?: string;
  readonly keyIdentifier?: string;
  /** Another entry that lists the attestation certificate's key: its refused statuses apply too. */
  readonly alsoByKey?: MetadataEntry;
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

/**
 * The entry for this authenticator: by AAGUID when it is not all zero and listed; otherwise by the key
 * identifier of the attestation certificate (also for a non-zero AAGUID the BLOB does not list, so a
 * made-up AAGUID cannot hide a key the BLOB reports on). When both find entries, the AAGUID's identifies
 * the model and the key's statuses apply as well.
 */
export function findMetadataEntry(metadata: VerifiedMetadata, aaguid: Uint8Array, leaf: ParsedCertificate | undefined): MetadataMatch | undefined {
  const id = isZero(aaguid) ? undefined : toUuid(aaguid);
  const byAaguid = id === undefined ? undefined : metadata.findByAAGUID(id);
  const keyIdentifier = leaf === undefined ? undefined : certificateKeyIdentifier(leaf);
  const byKey = keyIdentifier === undefined ? undefined : metadata.findByKeyIdentifier(keyIdentifier);
  if (byAaguid !== undefined) return { entry: byAaguid, aaguid: id!, ...(byKey !== undefined && byKey !== byAaguid ? { alsoByKey: byKey } : {}) };
  return byKey === undefined ? undefined : { entry: byKey, keyIdentifier: keyIdentifier! };
}

/**
 * The anchors for a listed authenticator: its entry's roots ONLY. The caller's trustAnchors stay the
 * anchors of authenticators the BLOB does not list: with them added here, any chain to a caller root
 * (an Android phone's, say: android-key does not bind the AAGUID) could claim a listed model's AAGUID
 * and take its identity and status (stricter than the union issue 14 sketched; docs/attestation.md).
 */
export function metadataAnchors(match: MetadataMatch): readonly ParsedCertificate[] {
  return entryAttestationRoots(match.entry);
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
  /** The statement's trust path (x5c as sent, leaf first), parsed. */
  readonly chain: readonly ParsedCertificate[];
  readonly credentialAlg: number;
  readonly now: Date;
  readonly refuseStatuses: ReadonlySet<string>;
  /** The ceremony's `allowNonCanonicalSignatures`: the path is validated again under the same policy. */
  readonly allowNonCanonicalSignatures: boolean;
}

/**
 * The keys of the validated path: every x5c certificate and, when a compromise report names a
 * certificate, the entry root the chain reached (validated again only then; the verdict is cached).
 */
async function pathKeys(match: MetadataMatch, input: MetadataPromiseInput): Promise<Uint8Array[]> {
  const keys = input.chain.map((c) => c.spki);
  const entries = [match.entry, ...(match.alsoByKey ? [match.alsoByKey] : [])];
  if (input.chain.length > 0 && entries.some((e) => namesCompromisedCertificate(e, input.now))) {
    const { anchor } = await validateCertificatePath(input.chain, entryAttestationRoots(match.entry), input.now, {
      allowNonCanonicalSignatures: input.allowNonCanonicalSignatures,
    });
    keys.push(anchor.spki);
  }
  return keys;
}

function refuseStatus(match: MetadataMatch, input: MetadataPromiseInput, keys: readonly Uint8Array[]): void {
  for (const entry of [match.entry, ...(match.alsoByKey ? [match.alsoByKey] : [])]) {
    const refused = refusedReport(entry, input.now, keys, input.refuseStatuses);
    if (refused !== undefined) {
      throw new WebAuthnError('ERR_METADATA_STATUS_REFUSED', 'Metadata reports a status the RP refuses for this authenticator', {
        received: refused.status,
        effectiveDate: refused.effectiveDate,
      });
    }
  }
}

/** Checks what the entry promises against this registration; returns the report or throws. */
export async function checkMetadataPromises(match: MetadataMatch, input: MetadataPromiseInput): Promise<AttestationMetadata> {
  const statement = match.entry.metadataStatement;
  const listed = (statement?.attestationTypes ?? []).map((t) => TYPE_NAMES[t]).filter((t) => t !== undefined);
  if (!listed.includes(input.type)) {
    throw new WebAuthnError('ERR_METADATA_ATTESTATION_TYPE', 'Attestation type is not one the metadata statement lists', {
      expected: statement?.attestationTypes ?? [],
      received: input.type,
    });
  }
  refuseStatus(match, input, await pathKeys(match, input));
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
