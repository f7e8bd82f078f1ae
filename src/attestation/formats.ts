/**
 * The attestation statement formats we verify (WebAuthn L3 §8), as a frozen static table: no
 * registration at import time, so no importer can add or swap a verifier.
 */
import { verifyAndroidKey } from './android-key/android-key.js';
import { verifyAndroidSafetyNet } from './android-safetynet/android-safetynet.js';
import { verifyApple } from './apple.js';
import { createCompoundVerifier } from './compound.js';
import { verifyFidoU2F } from './fido-u2f.js';
import { verifyNone } from './none.js';
import { verifyPacked } from './packed.js';
import { verifyTpm } from './tpm/tpm.js';
import type { AttestationVerifier } from './types.js';

const SINGLE: Readonly<Record<string, AttestationVerifier>> = Object.freeze({
  none: verifyNone,
  packed: verifyPacked,
  'fido-u2f': verifyFidoU2F,
  tpm: verifyTpm,
  'android-key': verifyAndroidKey,
  'android-safetynet': verifyAndroidSafetyNet,
  apple: verifyApple,
});

export const ATTESTATION_FORMATS: Readonly<Record<string, AttestationVerifier>> = Object.freeze({
  ...SINGLE,
  compound: createCompoundVerifier(SINGLE),
});

/** The fmt values verifyRegistration accepts by default: every implemented format. */
export const SUPPORTED_ATTESTATION_FORMATS: readonly string[] = Object.freeze(Object.keys(ATTESTATION_FORMATS));
