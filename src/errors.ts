/**
 * The one error type this library throws. Every failed check throws a `WebAuthnError` whose `code`
 * is stable and documented in docs/errors.md (a test keeps the two in step). Messages are fixed per
 * throw site; the evidence (expected/received values) goes in `details`, with attacker-supplied
 * strings clipped so that a megabyte string never ends up in a log line.
 */


export type WebAuthnErrorCode =
  // base64url (src/encoding/base64url.ts)
  | 'ERR_BASE64URL_NOT_STRING'
  | 'ERR_BASE64URL_INVALID'
  // response envelope (PublicKeyCredential.toJSON() shape)
  | 'ERR_RESPONSE_INVALID'
  | 'ERR_RESPONSE_TYPE_INVALID'
  | 'ERR_RESPONSE_ID_MISMATCH'
  | 'ERR_RESPONSE_TOO_LARGE'
  // CBOR (src/cbor/)
  | 'ERR_CBOR_MALFORMED'
  | 'ERR_CBOR_TRUNCATED'
  | 'ERR_CBOR_TRAILING_BYTES'
  | 'ERR_CBOR_INDEFINITE_LENGTH'
  | 'ERR_CBOR_NON_CANONICAL'
  | 'ERR_CBOR_DUPLICATE_KEY'
  | 'ERR_CBOR_UNSUPPORTED_TYPE'
  | 'ERR_CBOR_INVALID_UTF8'
  | 'ERR_CBOR_DEPTH_EXCEEDED'
  | 'ERR_CBOR_TOO_LARGE'
  // clientDataJSON (src/parse/client-data.ts)
  | 'ERR_CLIENT_DATA_TOO_LARGE'
  | 'ERR_CLIENT_DATA_INVALID_UTF8'
  | 'ERR_CLIENT_DATA_INVALID_JSON'
  | 'ERR_CLIENT_DATA_DUPLICATE_KEY'
  | 'ERR_CLIENT_DATA_FIELD_INVALID'
  | 'ERR_CLIENT_DATA_TYPE_MISMATCH'
  | 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH'
  | 'ERR_CLIENT_DATA_ORIGIN_MISMATCH'
  | 'ERR_CLIENT_DATA_CROSS_ORIGIN'
  | 'ERR_CLIENT_DATA_TOP_ORIGIN_MISMATCH'
  // authenticatorData (src/parse/authenticator-data.ts)
  | 'ERR_AUTH_DATA_TOO_SHORT'
  | 'ERR_AUTH_DATA_TOO_LONG'
  | 'ERR_AUTH_DATA_TRAILING_BYTES'
  | 'ERR_AUTH_DATA_FLAGS_INCONSISTENT'
  | 'ERR_AUTH_DATA_BACKUP_STATE_INVALID'
  | 'ERR_AUTH_DATA_CREDENTIAL_ID_TOO_LONG'
  | 'ERR_AUTH_DATA_EXTENSIONS_INVALID'
  | 'ERR_AUTH_DATA_RP_ID_MISMATCH'
  | 'ERR_AUTH_DATA_USER_PRESENCE_REQUIRED'
  | 'ERR_AUTH_DATA_USER_VERIFICATION_REQUIRED'
  | 'ERR_AUTH_DATA_ATTESTED_DATA_MISSING'
  | 'ERR_AUTH_DATA_ATTESTED_DATA_UNEXPECTED'
  | 'ERR_AUTH_DATA_BACKUP_ELIGIBILITY_CHANGED'
  // COSE keys (src/cose/)
  | 'ERR_COSE_KEY_INVALID'
  | 'ERR_COSE_KEY_TYPE_UNSUPPORTED'
  | 'ERR_COSE_ALG_UNSUPPORTED'
  | 'ERR_COSE_ALG_MISMATCH'
  | 'ERR_COSE_ALG_NOT_ALLOWED'
  | 'ERR_COSE_CURVE_UNSUPPORTED'
  | 'ERR_COSE_KEY_COORDINATE_LENGTH'
  | 'ERR_COSE_KEY_POINT_INVALID'
  | 'ERR_COSE_RSA_KEY_TOO_SMALL'
  | 'ERR_COSE_RSA_EXPONENT_INVALID'
  // signatures (src/signature/)
  | 'ERR_SIGNATURE_INVALID'
  | 'ERR_SIGNATURE_MALFORMED'
  | 'ERR_SIGNATURE_NON_CANONICAL_DER'
  | 'ERR_SIGNATURE_ALG_UNAVAILABLE'
  // sign counter (src/ceremony/counter.ts)
  | 'ERR_COUNTER_REGRESSION'
  // caller options
  | 'ERR_OPTIONS_INVALID'
  // assertion ceremony (src/ceremony/assertion.ts)
  | 'ERR_ASSERTION_CREDENTIAL_MISMATCH'
  | 'ERR_ASSERTION_USER_HANDLE_MISMATCH'
  // browser entry (src/browser/): navigator.credentials failures
  | 'ERR_BROWSER_NOT_ALLOWED'
  | 'ERR_BROWSER_INVALID_STATE'
  | 'ERR_BROWSER_ABORTED'
  | 'ERR_BROWSER_SECURITY'
  | 'ERR_BROWSER_UNSUPPORTED'
  | 'ERR_BROWSER_CONSTRAINT'
  | 'ERR_BROWSER_FAILED'
  // attestation object and statements (src/parse/attestation-object.ts, src/attestation/)
  | 'ERR_ATTESTATION_OBJECT_INVALID'
  | 'ERR_ATTESTATION_FORMAT_UNSUPPORTED'
  | 'ERR_ATTESTATION_FORMAT_NOT_ALLOWED'
  | 'ERR_ATTESTATION_STATEMENT_INVALID'
  | 'ERR_ATTESTATION_ALG_MISMATCH'
  | 'ERR_ATTESTATION_SIGNATURE_INVALID'
  | 'ERR_ATTESTATION_CERTIFICATE_INVALID'
  | 'ERR_ATTESTATION_AAGUID_MISMATCH'
  | 'ERR_ATTESTATION_KEY_MISMATCH'
  | 'ERR_ATTESTATION_UNTRUSTED'
  // tpm (src/attestation/tpm*.ts)
  | 'ERR_ATTESTATION_TPM_INVALID_STRUCTURE'
  | 'ERR_ATTESTATION_TPM_MAGIC'
  | 'ERR_ATTESTATION_TPM_ATTEST_TYPE'
  | 'ERR_ATTESTATION_TPM_ALG_UNSUPPORTED'
  | 'ERR_ATTESTATION_TPM_EXTRA_DATA_MISMATCH'
  | 'ERR_ATTESTATION_TPM_NAME_MISMATCH'
  | 'ERR_ATTESTATION_TPM_VENDOR_UNKNOWN'
  // android-key (src/attestation/android-key*.ts)
  | 'ERR_ATTESTATION_ANDROID_KEY_EXTENSION_MISSING'
  | 'ERR_ATTESTATION_ANDROID_KEY_DESCRIPTION_INVALID'
  | 'ERR_ATTESTATION_ANDROID_KEY_CHALLENGE_MISMATCH'
  | 'ERR_ATTESTATION_ANDROID_KEY_ALL_APPLICATIONS'
  | 'ERR_ATTESTATION_ANDROID_KEY_ORIGIN'
  | 'ERR_ATTESTATION_ANDROID_KEY_PURPOSE'
  // android-safetynet (src/attestation/android-safetynet/android-safetynet.ts, jws.ts)
  | 'ERR_ATTESTATION_SAFETYNET_JWS_INVALID'
  | 'ERR_ATTESTATION_SAFETYNET_HOSTNAME'
  | 'ERR_ATTESTATION_SAFETYNET_NONCE_MISMATCH'
  | 'ERR_ATTESTATION_SAFETYNET_CTS_PROFILE'
  | 'ERR_ATTESTATION_SAFETYNET_TIMESTAMP_FUTURE'
  | 'ERR_ATTESTATION_SAFETYNET_TIMESTAMP_STALE'
  // apple (src/attestation/apple.ts)
  | 'ERR_ATTESTATION_APPLE_NONCE_MISSING'
  | 'ERR_ATTESTATION_APPLE_NONCE_MISMATCH'
  // compound (src/attestation/compound.ts)
  | 'ERR_ATTESTATION_COMPOUND_INVALID'
  // X.509 (src/x509/)
  | 'ERR_X509_MALFORMED'
  | 'ERR_X509_UNSUPPORTED_KEY'
  | 'ERR_X509_EXPIRED'
  | 'ERR_X509_NOT_YET_VALID'
  | 'ERR_X509_CHAIN_BROKEN'
  | 'ERR_X509_SIGNATURE_INVALID'
  | 'ERR_X509_NOT_CA'
  | 'ERR_X509_PATH_LENGTH_EXCEEDED'
  | 'ERR_X509_KEY_USAGE'
  | 'ERR_X509_UNKNOWN_CRITICAL_EXTENSION'
  | 'ERR_X509_UNTRUSTED'
  | 'ERR_X509_TOO_MANY_CERTIFICATES'
  | 'ERR_X509_ANCHOR_INVALID'
  | 'ERR_X509_CRL_INVALID'
  | 'ERR_X509_REVOKED'
  // FIDO metadata (src/metadata/)
  | 'ERR_METADATA_BLOB_INVALID'
  | 'ERR_METADATA_BLOB_TOO_LARGE'
  | 'ERR_METADATA_ALG_NOT_ALLOWED'
  | 'ERR_METADATA_SIGNATURE_INVALID'
  | 'ERR_METADATA_CHAIN_UNTRUSTED'
  | 'ERR_METADATA_SERIAL_REPLAYED'
  | 'ERR_METADATA_STALE'
  | 'ERR_METADATA_ENTRY_INVALID'
  | 'ERR_METADATA_ROOT_MISMATCH'
  | 'ERR_METADATA_ATTESTATION_TYPE'
  | 'ERR_METADATA_STATUS_REFUSED'
  | 'ERR_METADATA_FETCH_FAILED';

/** Evidence for a failed check. String values are clipped (see `clip`). */
export interface WebAuthnErrorDetails {
  expected?: unknown;
  received?: unknown;
  [key: string]: unknown;
}

const MAX_DETAIL_STRING = 128;

/** Clips an attacker-supplied string for inclusion in error details. */
export function clip(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_DETAIL_STRING) {
    return `${value.slice(0, MAX_DETAIL_STRING)}…(${value.length} chars)`;
  }
  return value;
}

/** The audit trail's shapes (recorded by src/ceremony/audit.ts); here so that errors.ts imports nothing above it. */
export type AuditOutcome = 'pass' | 'fail' | 'skip' | 'report';

export interface AuditEntry {
  /** A step id of src/ceremony/steps.ts (docs/ARCHITECTURE.md, "Step table"); test/unit/ceremony/audit.test.ts checks every recorded one is there. */
  readonly step: string;
  readonly check: string;
  readonly outcome: AuditOutcome;
  readonly detail?: string;
}

/** One option that differs from the strict default (`relaxed`), is stricter than it (`stricter`), or shapes the ceremony (`info`). */
export interface PolicyEntry {
  readonly option: string;
  readonly value: string;
  readonly effect: 'relaxed' | 'stricter' | 'info';
  readonly note: string;
}

export class WebAuthnError extends Error {
  override readonly name = 'WebAuthnError';
  readonly code: WebAuthnErrorCode;
  readonly details: WebAuthnErrorDetails | undefined;
  /**
   * Set only when verifyRegistration/verifyAssertion ran with `audit: true`: the checks that ran, up
   * to and including the failing one (its outcome is 'fail'). Expected values may appear here, never
   * in `details` (docs/api.md, "Audit").
   */
  declare audit?: readonly AuditEntry[];
  /** With `audit: true`: the options that relaxed or tightened the defaults (docs/api.md, "Audit"). */
  declare policy?: readonly PolicyEntry[];

  constructor(
    code: WebAuthnErrorCode,
    message: string,
    details?: WebAuthnErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (details !== undefined) {
      const clipped: WebAuthnErrorDetails = {};
      for (const key of Object.keys(details)) clipped[key] = clip(details[key]);
      this.details = clipped;
    } else {
      this.details = undefined;
    }
    // V8 only; harmless elsewhere.
    (Error as { captureStackTrace?: (t: object, c: unknown) => void }).captureStackTrace?.(
      this,
      WebAuthnError,
    );
  }
}

/** `value instanceof WebAuthnError`, also across duplicated module instances (ESM + CJS). */
export function isWebAuthnError(value: unknown): value is WebAuthnError {
  return (
    value instanceof WebAuthnError ||
    (value instanceof Error && value.name === 'WebAuthnError' && typeof (value as { code?: unknown }).code === 'string')
  );
}
