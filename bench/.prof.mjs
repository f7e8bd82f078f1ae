import { loadOurs } from './lib.mjs';
import { makeAssertionInputs, assertionContenders } from './assertion.mjs';
const ours = await loadOurs();
const alg = process.env.ALG ?? 'ES256';
const set = await makeAssertionInputs(ours.testing, alg, 32);
const cs = await assertionContenders(ours, set);
const pick = (n) => cs.find((c) => c.name.includes(n));
for (const name of (process.env.WHO ?? 'prepared,stateless,node:crypto').split(',')) {
  const c = pick(name);
  const N = Number(process.env.N ?? 3000);
  for (let i = 0; i < 300; i++) await c.fn(set.items[i % 32]);
  const t = performance.now();
  for (let i = 0; i < N; i++) await c.fn(set.items[i % 32]);
  console.log(c.name.padEnd(45), ((performance.now() - t) / N * 1000).toFixed(1), 'µs/op');
}
