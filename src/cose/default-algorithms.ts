/**
 * The default credential algorithms, in preference order: EdDSA (-8), ES256 (-7), RS256 (-257).
 * The ONE list: `DEFAULT_SUPPORTED_ALGORITHMS` (verifyRegistration's `supportedAlgorithms`) and its
 * alias `DEFAULT_SUPPORTED_ALGORITHM_IDS` (generateRegistrationOptions' `supportedAlgorithmIDs`)
 * are this very array (docs/api.md). Its own module, so the options entry does not carry the
 * algorithm table.
 */
export const DEFAULT_SUPPORTED_ALGORITHMS: readonly number[] = Object.freeze([-8, -7, -257]);
