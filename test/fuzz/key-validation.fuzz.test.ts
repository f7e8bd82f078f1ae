/**
 * `npm run test:fuzz`: the key-validation properties (test/properties/key-validation.test.ts) at
 * FUZZ_RUNS scale: FUZZ_RUNS / 100 keys per curve and FUZZ_RUNS / 2000 (EdDSA: twice that)
 * signature triples per test, i.e. 10 000 keys and 500–1000 triples at the default 10^6.
 */
import '../properties/key-validation.test.js';
