/**
 * Authenticator data (WebAuthn L3 §6.1, figure "Authenticator data layout"):
 *
 *   rpIdHash (32) ‖ flags (1) ‖ signCount (4, big-endian)
 *   ‖ [attestedCredentialData: aaguid (16) ‖ credentialIdLength (2) ‖ credentialId ‖ credentialPublicKey (CBOR)]  if AT
 *   ‖ [extensions (CBOR map)]                                                                                   if ED
 *
 * The parser is exact: the flags must agree with the bytes present and nothing may follow. The COSE
 * key is split off by length (its CBOR item end), not decoded here: decodeCOSEKey (src/cose/key.ts)
 * validates it where the ceremony needs it.
 */
import { decodeCborPrefix, isCborMap, type CborValue } from '../cbor/decode.js';
import { WebAuthnError } from '../errors.js';

/** §6.1: credentialIdLength is 2 bytes, and L3 caps credential ids at 1023 bytes. */
export const MAX_CREDENTIAL_ID_BYTES = 1023;
/** Upper bound for the whole authenticatorData (a COSE ML-DSA-87 key is ~2.6 KB). */
export const MAX_AUTHENTICATOR_DATA_BYTES = 16 * 1024;

export interface AuthenticatorDataFlags {
  /** Bit 0, UP: user present. */
  readonly userPresent: boolean;
  /** Bit 2, UV: user verified. */
  readonly userVerified: boolean;
  /** Bit 3, BE: backup eligible. */
  readonly backupEligible: boolean;
  /** Bit 4, BS: backed up (backup state). */
  readonly backedUp: boolean;
  /** Bit 6, AT: attested credential data included. */
  readonly attestedCredentialData: boolean;
  /** Bit 7, ED: extension data included. */
  readonly extensionData: boolean;
  /** The flags byte as sent (bits 1 and 5 are reserved and ignored, §6.1). */
  readonly raw: number;
}

export interface AttestedCredentialData {
  /** 16 bytes. */
  readonly aaguid: Uint8Array;
  readonly credentialId: Uint8Array;
  /** The credential public key as COSE_Key bytes, exactly as the authenticator encoded them. */
  readonly credentialPublicKey: Uint8Array;
}

export interface AuthenticatorData {
  readonly rpIdHash: Uint8Array;
  readonly flags: AuthenticatorDataFlags;
  readonly signCount: number;
  readonly attestedCredentialData: AttestedCredentialData | undefined;
  /** Authenticator extension outputs (§9), keyed by extension identifier. */
  readonly extensions: Readonly<Record<string, CborValue>> | undefined;
}

const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;
const ED = 0x80;

/** Parses authenticatorData bytes exactly. Throws ERR_AUTH_DATA_* (and ERR_CBOR_* for the CBOR parts). */
export function parseAuthenticatorData(bytes: Uint8Array): AuthenticatorData {
  checkTotalLength(bytes);
  const flags = readFlags(bytes[32]!);
  const signCount = ((bytes[33]! << 24) | (bytes[34]! << 16) | (bytes[35]! << 8) | bytes[36]!) >>> 0;
  let offset = 37;

  let attestedCredentialData: AttestedCredentialData | undefined;
  if (flags.attestedCredentialData) {
    const read = readAttestedCredentialData(bytes, offset);
    attestedCredentialData = read.data;
    offset = read.end;
  }

  let extensions: Record<string, CborValue> | undefined;
  if (flags.extensionData) {
    if (offset >= bytes.length) {
      throw new WebAuthnError('ERR_AUTH_DATA_FLAGS_INCONSISTENT', 'ED is set but extension data is missing', {
        received: bytes.length,
      });
    }
    // §6.1 / CTAP 2.2 §8: extension outputs are authenticator CBOR in canonical form (keys sorted).
    const { value, end } = decodeCborPrefix(bytes, offset, { maxDepth: 8, requireSortedKeys: true });
    extensions = readExtensions(value);
    offset = end;
  }

  // §6.1: nothing follows the last field the flags announce.
  if (offset !== bytes.length) {
    // `offset`: where the unexpected bytes start, e.g. right after a COSE key whose map header
    // declares fewer entries than it holds (Firefox 117 EdDSA keys; docs/security.md "Interoperability").
    throw new WebAuthnError('ERR_AUTH_DATA_TRAILING_BYTES', 'authenticatorData has bytes after its last announced field', {
      offset,
      expected: offset,
      received: bytes.length,
    });
  }
  return { rpIdHash: bytes.slice(0, 32), flags, signCount, attestedCredentialData, extensions };
}

/** §6.1: the fixed part (rpIdHash, flags, signCount) is 37 bytes; the whole is capped. */
function checkTotalLength(bytes: Uint8Array): void {
  if (bytes.length > MAX_AUTHENTICATOR_DATA_BYTES) {
    throw new WebAuthnError('ERR_AUTH_DATA_TOO_LONG', 'authenticatorData exceeds the size limit', {
      expected: MAX_AUTHENTICATOR_DATA_BYTES,
      received: bytes.length,
    });
  }
  if (bytes.length < 37) {
    throw new WebAuthnError('ERR_AUTH_DATA_TOO_SHORT', 'authenticatorData is shorter than its fixed part', {
      expected: 37,
      received: bytes.length,
    });
  }
}

/** The flags byte (§6.1), with the one rule between its bits. */
function readFlags(raw: number): AuthenticatorDataFlags {
  const flags: AuthenticatorDataFlags = {
    userPresent: (raw & UP) !== 0,
    userVerified: (raw & UV) !== 0,
    backupEligible: (raw & BE) !== 0,
    backedUp: (raw & BS) !== 0,
    attestedCredentialData: (raw & AT) !== 0,
    extensionData: (raw & ED) !== 0,
    raw,
  };
  // §6.1.3: BS may be set only when BE is set.
  if (flags.backedUp && !flags.backupEligible) {
    throw new WebAuthnError('ERR_AUTH_DATA_BACKUP_STATE_INVALID', 'Backup state (BS) is set without backup eligibility (BE)', {
      received: raw,
    });
  }
  return flags;
}

function attestedDataTruncated(bytes: Uint8Array): WebAuthnError {
  return new WebAuthnError('ERR_AUTH_DATA_FLAGS_INCONSISTENT', 'AT is set but attested credential data is missing or truncated', {
    received: bytes.length,
  });
}

/** §6.5.1 attested credential data starting at `offset` (AT is set); returns it and where it ends. */
function readAttestedCredentialData(bytes: Uint8Array, offset: number): { data: AttestedCredentialData; end: number } {
  if (bytes.length < offset + 18) throw attestedDataTruncated(bytes);
  const aaguid = bytes.slice(offset, offset + 16);
  const idLength = (bytes[offset + 16]! << 8) | bytes[offset + 17]!;
  offset += 18;
  // §6.5.1: credentialIdLength ≤ 1023 (L3 caps credential ids at 1023 bytes).
  if (idLength > MAX_CREDENTIAL_ID_BYTES) {
    throw new WebAuthnError('ERR_AUTH_DATA_CREDENTIAL_ID_TOO_LONG', 'Credential id is longer than 1023 bytes', {
      expected: MAX_CREDENTIAL_ID_BYTES,
      received: idLength,
    });
  }
  if (idLength === 0 || bytes.length < offset + idLength) throw attestedDataTruncated(bytes);
  const credentialId = bytes.slice(offset, offset + idLength);
  offset += idLength;
  if (offset >= bytes.length) throw attestedDataTruncated(bytes);
  // The COSE key is one CBOR item; its encoded length tells where extensions begin. L3 §6.5.1: it
  // is in CTAP2 canonical form, so unsorted keys are refused (every real key is sorted; docs/cbor.md).
  const { value, end } = decodeCborPrefix(bytes, offset, { maxDepth: 2, requireSortedKeys: true });
  if (!isCborMap(value)) {
    throw new WebAuthnError('ERR_COSE_KEY_INVALID', 'Credential public key is not a CBOR map');
  }
  return { data: { aaguid, credentialId, credentialPublicKey: bytes.slice(offset, end) }, end };
}

function readExtensions(value: CborValue): Record<string, CborValue> {
  // §9: authenticator extension outputs are a CBOR map keyed by extension identifier (text).
  if (!isCborMap(value)) {
    throw new WebAuthnError('ERR_AUTH_DATA_EXTENSIONS_INVALID', 'Authenticator extension outputs are not a CBOR map');
  }
  const out: Record<string, CborValue> = Object.create(null) as Record<string, CborValue>;
  for (const [key, v] of value) {
    if (typeof key !== 'string') {
      throw new WebAuthnError('ERR_AUTH_DATA_EXTENSIONS_INVALID', 'Authenticator extension identifier is not a text string', {
        received: typeof key,
      });
    }
    out[key] = v;
  }
  return out;
}
