/**
 * The verified BLOB as callers use it: serial, dates, frozen entries and two lookups. The indexes are
 * built once at load; an AAGUID or key identifier listed by two entries makes the BLOB ambiguous, so
 * it is refused (ERR_METADATA_BLOB_INVALID) rather than answered with whichever entry came first.
 */
import { WebAuthnError } from '../errors.js';
import { isAaguid, isKeyIdentifier, type MetadataPayload } from './payload.js';
import type { MetadataEntry, VerifiedMetadata } from './types.js';

function addUnique(map: Map<string, MetadataEntry>, key: string, entry: MetadataEntry, member: string): void {
  if (map.has(key)) {
    throw new WebAuthnError('ERR_METADATA_BLOB_INVALID', 'Metadata BLOB payload is invalid', { reason: `${member} listed by two entries`, received: key });
  }
  map.set(key, entry);
}

/**
 * The objects this module made, i.e. the results of verifyMetadataBLOB. Module-private: no caller
 * can add to it, so a hand-made or copied object with the same shape is not mistaken for a verified
 * BLOB (registration refuses it with ERR_OPTIONS_INVALID instead of failing on it later).
 */
const verified = new WeakSet<object>();

/** Whether `value` is a VerifiedMetadata returned by verifyMetadataBLOB (not a look-alike). */
export function isVerifiedMetadata(value: unknown): value is VerifiedMetadata {
  return typeof value === 'object' && value !== null && verified.has(value);
}

export function createVerifiedMetadata(payload: MetadataPayload): VerifiedMetadata {
  const byAaguid = new Map<string, MetadataEntry>();
  const byKeyIdentifier = new Map<string, MetadataEntry>();
  for (const entry of payload.entries) {
    if (entry.aaguid !== undefined) addUnique(byAaguid, entry.aaguid.toLowerCase(), entry, 'aaguid');
    for (const id of entry.attestationCertificateKeyIdentifiers ?? []) addUnique(byKeyIdentifier, id.toLowerCase(), entry, 'key identifier');
  }
  const metadata: VerifiedMetadata = Object.freeze({
    no: payload.no,
    nextUpdate: payload.nextUpdate,
    legalHeader: payload.legalHeader,
    entries: payload.entries,
    findByAAGUID: (aaguid: string) => (isAaguid(aaguid) ? byAaguid.get(aaguid.toLowerCase()) : undefined),
    findByKeyIdentifier: (hex: string) => (isKeyIdentifier(hex) ? byKeyIdentifier.get(hex.toLowerCase()) : undefined),
  });
  verified.add(metadata);
  return metadata;
}
