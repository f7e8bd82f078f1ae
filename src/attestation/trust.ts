/**
 * Attestation trust (WebAuthn L3 §7.1 steps 23–24 "assess the attestation trustworthiness"): the
 * spec leaves the trust decision to the RP's policy. With anchors we validate the x5c path to them
 * (RFC 5280 §6) and report trusted:true or throw. Without anchors we still check what needs no
 * policy (every certificate valid at `now`, each signed by the next) and report trusted:false; the
 * ceremony then decides (requireTrustedAttestation). See docs/attestation.md.
 */
import { WebAuthnError } from '../errors.js';
import { equalBytes, isBytes } from '../encoding/bytes.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { parseCertificateCached } from '../x509/certificate-cache.js';
import { MAX_CHAIN_LENGTH, validateCertificatePath, type PathValidationOptions } from '../x509/path.js';
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
  if (ctx.trustAnchors !== undefined) {
    await validateCertificatePath(x5c, ctx.trustAnchors, ctx.now, options);
    return true;
  }
  await checkChainWithoutAnchors(x5c, ctx.now, options);
  return false;
}

/** What can be checked without a trust decision: dates, and that each certificate is signed by the next. */
async function checkChainWithoutAnchors(x5c: readonly ParsedCertificate[], now: Date, options?: PathValidationOptions): Promise<void> {
  // validateCertificatePath with the top certificate as the only anchor performs exactly these
  // checks (plus CA/pathLen/keyUsage on the issuers), without trusting anything beyond x5c itself.
  const top = x5c[x5c.length - 1];
  if (top === undefined) throw new WebAuthnError('ERR_X509_CHAIN_BROKEN', 'Certificate chain is empty', { received: 0 });
  if (x5c.length > 1 && x5c.slice(0, -1).some((c) => equalBytes(c.der, top.der))) {
    throw new WebAuthnError('ERR_X509_CHAIN_BROKEN', 'Certificate chain repeats a certificate', {});
  }
  await validateCertificatePath(x5c, [top], now, options);
}
