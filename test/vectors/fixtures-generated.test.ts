/**
 * Fixtures our own code generates are reproducible: fixtures/software-authenticator.json is
 * regenerated here from src/testing under its seed (scripts/generate-fixtures.mjs, seeded WebCrypto)
 * and must come out byte for byte as committed, with the header that says how it was made.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as testingApi from '../../src/testing/index.js';
// @ts-expect-error plain .mjs script without type declarations
import { buildFixtureDocument, fixtureText, FIXTURE_SEED, REGENERATE } from '../../scripts/generate-fixtures.mjs';
import { fixturePath, readFixtureJson } from '../helpers/fixtures.js';

const committedText = readFileSync(fixturePath('software-authenticator.json'), 'utf8');

describe('fixtures/software-authenticator.json is regenerated exactly', () => {
  it('its header names the generator, the seed and the command to regenerate', () => {
    const header = readFixtureJson<Record<string, unknown>>('software-authenticator.json');
    expect(header).toMatchObject({ generatedBy: 'scripts/generate-fixtures.mjs', seed: FIXTURE_SEED, regenerate: REGENERATE });
    expect(header.determinism).toMatch(/RFC 6979/);
    expect(header).not.toHaveProperty('date');
  });

  it('regenerating from src/testing under the seed gives the committed bytes', async () => {
    const text = fixtureText(await buildFixtureDocument(testingApi));
    expect(text.length).toBe(committedText.length);
    expect(text).toBe(committedText);
  });

  it('the seeded WebCrypto is gone afterwards (system randomness again)', () => {
    const a = crypto.getRandomValues(new Uint8Array(16));
    const b = crypto.getRandomValues(new Uint8Array(16));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Object.hasOwn(crypto, 'getRandomValues')).toBe(false);
    expect(Object.hasOwn(crypto.subtle, 'sign')).toBe(false);
  });
});
