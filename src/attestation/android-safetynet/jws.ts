/**
 * The compact JWS an android-safetynet statement carries in `response` (WebAuthn L3 §8.5), parsed
 * by the shared strict parser (src/encoding/jws.ts) with SafetyNet's size bound and error code.
 */
import { WebAuthnError } from '../../errors.js';
import { parseCompactJws as parseJws, type ParsedJws } from '../../encoding/jws.js';

export { decodeStandardBase64 } from '../../encoding/base64.js';
export type { ParsedJws } from '../../encoding/jws.js';

/** Real SafetyNet responses are 5–9 KB; anything far larger is not one. */
export const MAX_JWS_BYTES = 65_536;

function invalid(reason: string, received?: unknown, cause?: unknown): never {
  throw new WebAuthnError(
    'ERR_ATTESTATION_SAFETYNET_JWS_INVALID',
    'SafetyNet response is not a valid compact JWS',
    { reason, received },
    cause === undefined ? undefined : { cause },
  );
}

/** Parses `response` (the attStmt bytes) as a compact JWS. Throws ERR_ATTESTATION_SAFETYNET_JWS_INVALID. */
export function parseCompactJws(response: Uint8Array): ParsedJws {
  return parseJws(response, { maxBytes: MAX_JWS_BYTES, fail: invalid });
}
