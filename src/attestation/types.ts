import type { AuthenticatorData } from '../parse/authenticator-data.js';
import type { CborMap } from '../cbor/decode.js';
import type { COSEPublicKey } from '../cose/types.js';
import type { VerifiedMetadata } from '../metadata/types.js';
import type { ParsedCertificate } from '../x509/certificate.js';

/** The attestation types of WebAuthn L3 §6.5.4. */
export type AttestationType = 'none' | 'self' | 'basic' | 'attca' | 'anonca';

/** Policy knobs for attestation verification; every field has a strict default. */
export interface AttestationPolicy {
  /** Accept RS1 (RSASSA-PKCS1-v1_5 with SHA-1, -65535) inside tpm/packed statements. Default true (real Windows Hello devices sign with it). */
  allowRS1InStatement: boolean;
  /** android-key: accept origin/purpose found only in softwareEnforced. Default false (teeEnforced only). */
  androidKeyAllowSoftwareEnforced: boolean;
  /** android-safetynet: how old timestampMs may be relative to `now`. Default 60_000 ms. */
  safetyNetMaxAgeMs: number;
  /** tpm: accept only TPM manufacturers in the TCG vendor registry. Default false (any well-formed "id:XXXXXXXX"). */
  tpmRequireKnownVendor: boolean;
  /** fido-u2f: require an all-zero AAGUID (FIDO conformance Resp-8 F-1; L3 has no such rule). Default false. */
  fidoU2FRequireZeroAaguid: boolean;
  /**
   * ECDSA statement and certificate signatures in recoverable BER (non-minimal lengths, zero-padded
   * INTEGERs) are verified in their DER re-encoding instead of refused with
   * ERR_SIGNATURE_NON_CANONICAL_DER. Default false (`allowNonCanonicalSignatures` of verifyRegistration).
   */
  allowNonCanonicalSignatures?: boolean;
}

/** What every format verifier receives (WebAuthn L3 §6.5.2 "attestation statement format" inputs). */
export interface AttestationContext {
  /** Raw authenticatorData bytes (the signed input's first part). */
  readonly authData: Uint8Array;
  /** Parsed authenticatorData; `attestedCredentialData` is always present here. */
  readonly parsedAuthData: AuthenticatorData;
  /** The decoded credential public key from attestedCredentialData. */
  readonly credentialKey: COSEPublicKey;
  /** SHA-256 of clientDataJSON. */
  readonly clientDataHash: Uint8Array;
  /** Time used for certificate validity and freshness checks. */
  readonly now: Date;
  /** Trust anchors resolved for this fmt/AAGUID; undefined when the caller supplied none. */
  readonly trustAnchors: readonly ParsedCertificate[] | undefined;
  /** A verified FIDO metadata BLOB: listed authenticators must chain to their entry's roots (src/attestation/metadata.ts). */
  readonly metadata?: VerifiedMetadata;
  readonly policy: AttestationPolicy;
  /** compound (§8.9) only: the RP's rules for sub-statements. Absent: no sub-statement fmt is allowed. */
  readonly subStatements?: SubStatementPolicy;
}

/** How a compound statement's sub-statements are judged: by the same per-format policy as a top-level fmt. */
export interface SubStatementPolicy {
  /** The fmt values the RP allows (its `attestation.formats`, §7.1 step 21). */
  readonly formats: readonly string[];
  /** Trust anchors for one sub-statement fmt (§7.1 step 23), resolved as for a top-level statement of that fmt. */
  readonly anchorsFor: (fmt: string) => Promise<readonly ParsedCertificate[] | undefined>;
}

/** What a format verifier returns when every check passed (it throws WebAuthnError otherwise). */
export interface AttestationResult {
  readonly fmt: string;
  readonly type: AttestationType;
  /** DER certificates, leaf first, as the statement supplied them (empty for none/self). */
  readonly trustPath: readonly Uint8Array[];
  /** True only when the chain validated to one of `ctx.trustAnchors`. */
  readonly trusted: boolean;
  /** compound (§8.9): the result of each sub-statement. */
  readonly statements?: readonly AttestationResult[];
}

export type AttestationVerifier = (attStmt: CborMap, ctx: AttestationContext) => Promise<AttestationResult>;
