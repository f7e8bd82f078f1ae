import { loadOurs, median } from './lib.mjs';
import { makeAssertionInputs, assertionContenders } from './assertion.mjs';
const ours = await loadOurs();
for (const alg of (process.env.ALGS ?? 'ES256,RS256,EdDSA').split(',')) {
  const set = await makeAssertionInputs(ours.testing, alg, 32);
  const cs = (await assertionContenders(ours, set)).filter(c => !c.name.includes('passwordless') && !c.name.includes('Simple'));
  const res = new Map(cs.map(c => [c.name, []]));
  for (const c of cs) for (let i = 0; i < 200; i++) await c.fn(set.items[i % 32]);
  for (let r = 0; r < 15; r++) for (const c of cs) { const N = 200; const t = performance.now(); for (let i = 0; i < N; i++) await c.fn(set.items[i % 32]); res.get(c.name).push((performance.now() - t) / N * 1000); }
  for (const [k, v] of res) console.log(alg, k.padEnd(42), median(v).toFixed(1), 'µs');
}
