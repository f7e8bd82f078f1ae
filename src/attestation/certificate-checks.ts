/**
 * Checks shared by the certificate-based attestation formats: the FIDO AAGUID extension
 * (WebAuthn L3 §8.2.1), reading attested fields straight from the authenticatorData bytes
 * (§6.1 layout, so these checks do not depend on how the parsed form is shaped), and the
 * statement signature check with its error mapping.
 */
import type { COSEPublicKey } from '../cose/types.js';
import { coseAlgorithm } from '../cose/algorithms.js';
import { equalBytes, toHex } from '../encoding/bytes.js';
import { isWebAuthnError, WebAuthnError } from '../errors.js';
import { verifySignature } from '../signature/verify.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { readTlv } from '../x509/der.js';
import type { AttestationContext, AttestationPolicy } from './types.js';

/** id-fido-gen-ce-aaguid (FIDO Metadata / WebAuthn L3 §8.2.1). */
export const OID_FIDO_GEN_CE_AAGUID = '1.3.6.1.4.1.45724.1.1.4';

/** §6.1: rpIdHash (32) ‖ flags (1) ‖ signCount (4) ‖ aaguid (16) ‖ credentialIdLength (2) ‖ credentialId … */
export function attestedFields(authData: Uint8Array): { rpIdHash: Uint8Array; aaguid: Uint8Array; credentialId: Uint8Array } {
  if (authData.length < 55) {
    throw new WebAuthnError('ERR_ATTESTATION_STATEMENT_INVALID', 'authenticatorData lacks attested credential data', {
      received: authData.length,
    });
  }
  const idLength = (authData[53]! << 8) | authData[54]!;
  if (authData.length < 55 + idLength) {
    throw new WebAuthnError('ERR_ATTESTATION_STATEMENT_INVALID', 'authenticatorData lacks attested credential data', {
      received: authData.length,
    });
  }
  return {
    rpIdHash: authData.slice(0, 32),
    aaguid: authData.slice(37, 53),
    credentialId: authData.slice(55, 55 + idLength),
  };
}

/**
 * §8.2.1: if the leaf has id-fido-gen-ce-aaguid, it MUST NOT be critical and its value (an OCTET
 * STRING of 16 bytes) must equal the AAGUID in authenticatorData.
 */
export function checkAaguidExtension(leaf: ParsedCertificate, authData: Uint8Array): void {
  const ext = leaf.extensions.get(OID_FIDO_GEN_CE_AAGUID);
  if (ext === undefined) return;
  // A critical AAGUID extension is reported as an AAGUID failure (docs/errors.md), not a generic leaf failure.
  if (ext.critical) {
    throw new WebAuthnError('ERR_ATTESTATION_AAGUID_MISMATCH', 'AAGUID extension must not be critical', {
      field: OID_FIDO_GEN_CE_AAGUID,
    });
  }
  let tlvOk = false;
  try {
    const t = readTlv(ext.value, 0);
    tlvOk = t.tag === 0x04 && t.end === ext.value.length && t.end - t.contentStart === 16;
  } catch {
    tlvOk = false;
  }
  if (!tlvOk) {
    throw new WebAuthnError('ERR_ATTESTATION_CERTIFICATE_INVALID', 'AAGUID extension is not a 16-byte OCTET STRING', {
      field: OID_FIDO_GEN_CE_AAGUID,
      received: toHex(ext.value.subarray(0, 32)),
    });
  }
  const certAaguid = ext.value.subarray(2);
  const { aaguid } = attestedFields(authData);
  if (!equalBytes(certAaguid, aaguid)) {
    throw new WebAuthnError('ERR_ATTESTATION_AAGUID_MISMATCH', 'Certificate AAGUID differs from authenticatorData', {
      expected: toHex(aaguid),
      received: toHex(certAaguid),
    });
  }
}

/**
 * The statement `alg` must be one we support and must suit `key` (kty and curve); RS1 only when
 * the policy allows it. Returns the alg.
 */
export function checkStatementAlg(alg: number, key: COSEPublicKey, ctx: AttestationContext): number {
  const info = coseAlgorithm(alg);
  if (info === undefined) {
    throw new WebAuthnError('ERR_ATTESTATION_ALG_MISMATCH', 'Attestation alg is not a supported algorithm', { received: alg });
  }
  // RFC 8812 §2: RS1 is deprecated; accepted in statements only by policy (Windows Hello TPMs use it).
  if (alg === -65535 && !ctx.policy.allowRS1InStatement) {
    throw new WebAuthnError('ERR_ATTESTATION_ALG_MISMATCH', 'RS1 in attestation statements is disabled by policy', {
      received: alg,
    });
  }
  const crv = key.kty === 'EC2' || key.kty === 'OKP' ? key.crv : undefined;
  if (info.kty !== key.kty || (crv !== undefined && !info.curves.includes(crv))) {
    throw new WebAuthnError('ERR_ATTESTATION_ALG_MISMATCH', 'Attestation alg does not suit the attestation key', {
      expected: `${info.kty}${info.curves.length ? ' ' + info.curves.join('/') : ''}`,
      received: `${key.kty}${crv ? ' ' + crv : ''}`,
      alg,
    });
  }
  return alg;
}

/**
 * Verifies a statement signature; a false verdict or a malformed signature is
 * ERR_ATTESTATION_SIGNATURE_INVALID. Recoverable non-canonical ECDSA DER is
 * ERR_SIGNATURE_NON_CANONICAL_DER unless `policy.allowNonCanonicalSignatures` (issue 16).
 */
export async function verifyStatementSignature(
  key: COSEPublicKey,
  alg: number,
  signature: Uint8Array,
  data: Uint8Array,
  policy?: Pick<AttestationPolicy, 'allowNonCanonicalSignatures'>,
): Promise<void> {
  let ok: boolean;
  const nonCanonicalDer = policy?.allowNonCanonicalSignatures === true ? 'normalize' : 'refuse';
  try {
    ok = await verifySignature({ key, alg, signature, data, nonCanonicalDer });
  } catch (e) {
    if (isWebAuthnError(e) && (e.code === 'ERR_SIGNATURE_MALFORMED' || e.code === 'ERR_SIGNATURE_INVALID')) {
      throw new WebAuthnError('ERR_ATTESTATION_SIGNATURE_INVALID', 'Attestation signature is malformed', { alg }, { cause: e });
    }
    throw e;
  }
  if (!ok) {
    throw new WebAuthnError('ERR_ATTESTATION_SIGNATURE_INVALID', 'Attestation signature does not verify', { alg });
  }
}
