/**
 * Property (a), bounded for `npm test`: any flipped, inserted or deleted byte in any signed field of
 * any genuine response (fixtures/*.json and fixtures/webauthn) is rejected with a
 * WebAuthnError. The long run is test/fuzz/signed-fields.fuzz.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genuineCases, mutate, signedFieldMutationProperty, signedTargets } from '../fuzz/properties.js';

const RUNS = 600;

describe('signed fields of genuine responses', () => {
  const targets = signedTargets(genuineCases());

  it('has targets for both ceremonies and every signed field', () => {
    const fields = new Set(targets.map((t) => t.field));
    for (const f of ['clientDataJSON', 'authenticatorData', 'signature', 'attObj.authData', 'attStmt.sig']) expect(fields.has(f as never)).toBe(true);
  });

  it('mutate() always changes non-empty bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (b, pos, mask) => {
        expect(mutate(b, { op: 'flip', pos, mask })).not.toEqual(b);
        expect(mutate(b, { op: 'insert', pos, byte: mask }).length).toBe(b.length + 1);
        expect(mutate(b, { op: 'delete', pos }).length).toBe(b.length - 1);
      }),
    );
  });

  it(`a mutated signed field never verifies (${RUNS} runs)`, async () => {
    await fc.assert(signedFieldMutationProperty(targets), { numRuns: RUNS });
  });
});
