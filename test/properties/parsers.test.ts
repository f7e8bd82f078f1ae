/**
 * Property (c), bounded for `npm test`: random bytes and mutated genuine bytes into every parser
 * (parseClientDataJSON, parseAuthenticatorData, parseAttestationObject, decodeCOSEKey, decodeCbor,
 * parseCertificate)
 * give a value or a WebAuthnError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genuineCases, parserProperty, parserTargets } from '../fuzz/properties.js';

const RUNS = 4000;

describe('parsers on arbitrary bytes', () => {
  const targets = parserTargets(genuineCases());
  it('every parser has genuine seeds', () => {
    expect(targets.map((t) => t.name)).toEqual(['parseClientDataJSON', 'parseAuthenticatorData', 'parseAttestationObject', 'decodeCOSEKey', 'decodeCbor', 'parseCertificate']);
    for (const t of targets) expect(t.seeds.length, t.name).toBeGreaterThan(0);
  });
  for (const t of targets) {
    it(`${t.name}: a value or a WebAuthnError (${RUNS} runs)`, () => {
      fc.assert(parserProperty(t), { numRuns: RUNS });
    });
  }
});
