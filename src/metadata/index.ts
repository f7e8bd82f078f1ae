/**
 * webauthn-verify/metadata: the FIDO Metadata Service BLOB verified offline, and its entries.
 * Registration uses a verified BLOB through `attestation: { metadata }` (docs/attestation.md).
 */
export { verifyMetadataBLOB, MAX_METADATA_BLOB_BYTES } from './blob.js';
export { createMetadataSource, FIDO_MDS3_URL, type MetadataSource, type MetadataSourceOptions } from './source.js';
export { DEFAULT_REFUSED_STATUSES, statusAt } from './status.js';
export { certificateKeyIdentifier } from './entry.js';
export { DEFAULT_METADATA_ROOT_SHA256 } from './root.js';
export type {
  AuthenticatorStatus,
  MetadataEntry,
  MetadataStatement,
  MetadataStatusReport,
  VerifiedMetadata,
  VerifyMetadataBLOBOptions,
} from './types.js';

