/**
 * §7.1 step 1 / §7.2 step 1: the verify options both ceremonies take, read by one reader with one
 * error shape (ERR_OPTIONS_INVALID, details { option, reason }), so a misconfigured RP fails loudly
 * and the same way in verifyRegistration and verifyAssertion. Each ceremony reads its own options
 * after these (registration: supportedAlgorithms, attestation; assertion: counterPolicy,
 * onBackupEligibilityChange, credential, expectedUserHandle).
 */
import { booleanOption, checkChallengeOption, optionError, stringList, type ClientDataExpectations, type FlagExpectations } from './checks.js';

/** The one shape of an invalid-option error. */
export { optionError };

/** The shared options as validated. */
export interface CeremonyInputs extends ClientDataExpectations, FlagExpectations {
  readonly allowNonCanonical: boolean;
}

type SharedOptionName =
  | 'expectedChallenge'
  | 'expectedOrigin'
  | 'expectedRPID'
  | 'requireUserVerification'
  | 'requireUserPresence'
  | 'allowCrossOrigin'
  | 'expectedTopOrigin'
  | 'allowNonCanonicalSignatures'
  | 'audit';

/**
 * The options object itself and the options both ceremonies share: expectedChallenge,
 * expectedOrigin, expectedRPID (required), requireUserVerification and requireUserPresence
 * (default true), allowCrossOrigin, expectedTopOrigin, allowNonCanonicalSignatures (default false)
 * and audit (a boolean when given).
 */
export function readCeremonyOptions(options: unknown): CeremonyInputs {
  if (typeof options !== 'object' || options === null) optionError('options', 'not an object');
  const o = options as Partial<Record<SharedOptionName, unknown>>;
  if (o.audit !== undefined && typeof o.audit !== 'boolean') optionError('audit', 'must be a boolean');
  return {
    expectedChallenge: checkChallengeOption(o.expectedChallenge),
    origins: stringList(o.expectedOrigin, 'expectedOrigin'),
    rpIds: stringList(o.expectedRPID, 'expectedRPID'),
    requireUV: booleanOption(o.requireUserVerification, 'requireUserVerification', true),
    requireUP: booleanOption(o.requireUserPresence, 'requireUserPresence', true),
    allowCrossOrigin: booleanOption(o.allowCrossOrigin, 'allowCrossOrigin', false),
    topOrigins: o.expectedTopOrigin === undefined ? undefined : stringList(o.expectedTopOrigin, 'expectedTopOrigin'),
    allowNonCanonical: booleanOption(o.allowNonCanonicalSignatures, 'allowNonCanonicalSignatures', false),
  };
}
