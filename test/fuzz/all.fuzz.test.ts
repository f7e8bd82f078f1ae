/**
 * Long fuzz run: `npm run test:fuzz` (FUZZ_RUNS=1000000, vitest.fuzz.config.ts). The budget is split
 * by cost: the parsers take most of it (microseconds a case), response-shaped JSON 22 %, mutations
 * of signed fields 3 % (each one a full verification with crypto). Prints the seed first (rerun with
 * FUZZ_SEED=<seed>), then cases per second per property and a summary line; a failure prints
 * fast-check's counterexample with its seed and path.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  genuineCases,
  parserProperty,
  parserTargets,
  responseShapeProperty,
  signedFieldMutationProperty,
  signedTargets,
} from './properties.js';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 2 ** 31);
const cases = genuineCases();
const parsers = parserTargets(cases);
const PARSER_RUNS = Math.ceil((TOTAL * 0.75) / parsers.length);
const SHAPE_RUNS = Math.ceil(TOTAL * 0.22);
const MUTATION_RUNS = Math.ceil(TOTAL * 0.03);
const report: string[] = [];
let totalCases = 0;
let totalMs = 0;

console.log(`[fuzz] FUZZ_RUNS=${TOTAL} seed=${SEED} (rerun with FUZZ_SEED=${SEED}); ${cases.length} genuine seed cases`);

function record(name: string, runs: number, ms: number): void {
  totalCases += runs;
  totalMs += ms;
  const line = `[fuzz] ${name}: ${runs} cases in ${(ms / 1000).toFixed(1)} s = ${Math.round(runs / (ms / 1000))} cases/s`;
  report.push(line);
  console.log(line);
}

async function run(name: string, runs: number, check: () => void | Promise<void>): Promise<void> {
  const t0 = performance.now();
  await check();
  record(name, runs, performance.now() - t0);
}

describe('fuzz', () => {
  for (const t of parsers) {
    it(`${t.name} (${PARSER_RUNS} runs)`, () =>
      run(t.name, PARSER_RUNS, () => fc.assert(parserProperty(t), { numRuns: PARSER_RUNS, seed: SEED })));
  }
  it(`response-shaped JSON into both ceremonies (${SHAPE_RUNS} runs)`, () =>
    run('response shape', SHAPE_RUNS, () => fc.assert(responseShapeProperty(cases), { numRuns: SHAPE_RUNS, seed: SEED })));
  it(`mutated signed fields never verify (${MUTATION_RUNS} runs)`, () =>
    run('signed-field mutations', MUTATION_RUNS, () =>
      fc.assert(signedFieldMutationProperty(signedTargets(cases)), { numRuns: MUTATION_RUNS, seed: SEED })));
  it('ran at least the budget', () => {
    expect(PARSER_RUNS * parsers.length + SHAPE_RUNS + MUTATION_RUNS).toBeGreaterThanOrEqual(TOTAL);
  });
});

afterAll(() => {
  const expected = parsers.length + 2;
  const verdict = report.length === expected ? 'no counterexample' : `${expected - report.length} propert(ies) FAILED (counterexample above)`;
  console.log(`[fuzz] SUMMARY: ${totalCases} cases, ${(totalMs / 1000).toFixed(1)} s, ${Math.round(totalCases / (totalMs / 1000))} cases/s overall, seed=${SEED}, ${verdict}`);
});
