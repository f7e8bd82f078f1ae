/**
 * Attestation trust (WebAuthn L3 §7.1 steps 23–24 "assess the attestation trustworthiness"): the
 * spec leaves the trust decision to the RP's policy. With anchors we validate the x5c path to them
 * (RFC 5280 §6) and report trusted:true or throw. Without anchors we still check what needs no
 * policy (every certificate valid at `now`, each signed by the next) and report trusted:false; the
 * ceremony then decides (requireTrustedAttestation). See docs/attestation.md.
 */
import { WebAuthnError, isWebAuthnError } from '../errors.js';
import { findMetadataEntry, metadataAnchors } from './metadata.js';
import { isBytes } from '../encoding/bytes.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { parseCertificateCached } from '../x509/certificate-cache.js';
import { MAX_CHAIN_LENGTH, validateCertificatePath, validateUnanchoredChain, type PathValidationOptions } from '../x509/path.js';
import type { AttestationContext } from './types.js';

/** Parses an attStmt `x5c` value: a non-empty array of DER byte strings, at most MAX_CHAIN_LENGTH. */
export function parseX5c(value: unknown): ParsedCertificate[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new WebAuthnError('ERR_ATTESTATION_STATEMENT_INVALID', 'x5c must be a non-empty array', {
      field: 'x5c',
      received: Array.isArray(value) ? 'empty array' : typeof value,
    });
  }
  if (value.length > MAX_CHAIN_LENGTH) {
    throw new WebAuthnError('ERR_X509_TOO_MANY_CERTIFICATES', 'Certificate chain too long', {
      expected: `<= ${MAX_CHAIN_LENGTH}`,
      received: value.length,
    });
  }
  return value.map((item: unknown, index) => {
    if (!isBytes(item) || item.length === 0) {
      throw new WebAuthnError('ERR_ATTESTATION_STATEMENT_INVALID', 'x5c entries must be byte strings', {
        field: 'x5c',
        index,
      });
    }
    // Cached by exact DER: batch certificates and intermediates repeat (src/x509/certificate-cache.ts).
    return parseCertificateCached(item);
  });
}

export async function validateAttestationChain(
  x5c: readonly ParsedCertificate[],
  ctx: AttestationContext,
  pathOptions?: PathValidationOptions,
): Promise<boolean> {
  const options = { ...pathOptions, allowNonCanonicalSignatures: ctx.policy.allowNonCanonicalSignatures === true };
  // §7.1 step 23 from metadata: an authenticator listed in the RP's verified BLOB must chain to the
  // entry's roots (or to the caller's anchors); src/attestation/metadata.ts.
  const match = ctx.metadata === undefined ? undefined : findMetadataEntry(ctx.metadata, ctx.parsedAuthData.attestedCredentialData!.aaguid, x5c[0]);
  const anchors = match === undefined ? ctx.trustAnchors : metadataAnchors(match);
  if (anchors !== undefined) {
    try {
      await validateCertificatePath(x5c, anchors, ctx.now, options);
    } catch (e) {
      // A listed model must prove itself: any path failure is a chain that does not validate to the
      // entry's roots; the X.509 reason stays in `cause`.
      if (match === undefined || !isWebAuthnError(e)) throw e;
      throw new WebAuthnError('ERR_METADATA_ROOT_MISMATCH', 'Attestation chain does not validate to the metadata entry roots', {
        received: match.aaguid ?? match.keyIdentifier,
      }, { cause: e });
    }
    return true;
  }
  // No trust decision: every certificate is still checked (src/x509/path.ts validateUnanchoredChain).
  await validateUnanchoredChain(x5c, ctx.now, options);
  return false;
}
