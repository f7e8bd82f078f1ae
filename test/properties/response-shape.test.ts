/**
 * Property (b), bounded for `npm test`: arbitrary JSON shaped like a response (each member a genuine
 * value, a mutated one, random base64url, or anything at all) gives verifyRegistration and
 * verifyAssertion a result or a WebAuthnError, never a TypeError, RangeError or unhandled rejection.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { genuineCases, responseShapeProperty } from '../fuzz/properties.js';

const RUNS = 5000;

describe('response-shaped JSON', () => {
  it(`both ceremonies give a result or a WebAuthnError (${RUNS} runs)`, async () => {
    await fc.assert(responseShapeProperty(genuineCases()), { numRuns: RUNS });
  });
});
