// Interleaved timing: every round runs every contender once (order rotating per round), each for a
// fixed time slice; the reported figure is the median ops/s over rounds. One process, so all
// contenders share the same JIT, GC and machine noise.
import { median } from './lib.mjs';

/** Runs `fn(i)` with `inFlight` concurrent chains for about `ms` milliseconds; returns ops/s. */
export async function slice(fn, inFlight, ms) {
  let i = 0;
  const end = performance.now() + ms;
  const t0 = performance.now();
  let ops = 0;
  const chain = async () => {
    // Check the clock every 8 calls only: performance.now() is not free next to a 10 µs call.
    while (true) {
      for (let k = 0; k < 8; k++) {
        await fn(i++);
        ops++;
      }
      if (performance.now() >= end) return;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, chain));
  return (ops / (performance.now() - t0)) * 1000;
}

/**
 * contenders: [{ name, fn }]. Returns Map name → median ops/s. A warm-up slice per contender runs
 * first (JIT, key caches, lazy imports), and is not counted.
 */
export async function measure(contenders, { inFlight, rounds, ms }) {
  const results = new Map(contenders.map((c) => [c.name, []]));
  for (const c of contenders) await slice(c.fn, inFlight, Math.min(ms, 100));
  for (let r = 0; r < rounds; r++) {
    const order = contenders.map((_, k) => contenders[(k + r) % contenders.length]);
    for (const c of order) results.get(c.name).push(await slice(c.fn, inFlight, ms));
  }
  return new Map([...results].map(([k, v]) => [k, median(v)]));
}
