import { defineConfig } from 'tsup';

// One entry per public subpath. `assertion` is the light entry for the login hot path: it must
// never pull in pkijs/asn1js (see docs/performance.md).
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    assertion: 'src/assertion.ts',
    testing: 'src/testing/index.ts',
    options: 'src/options.ts',
    parse: 'src/parse.ts',
    cose: 'src/cose/index.ts',
    x509: 'src/x509/index.ts',
    // The `webauthn-verify` bin (node-only; not an `exports` subpath, so no .d.ts for it).
    cli: 'src/cli.ts',
  },
  format: ['esm', 'cjs'],
  dts: {
    entry: {
      index: 'src/index.ts',
      assertion: 'src/assertion.ts',
      testing: 'src/testing/index.ts',
      options: 'src/options.ts',
      parse: 'src/parse.ts',
      cose: 'src/cose/index.ts',
      x509: 'src/x509/index.ts',
    },
  },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: true,
  treeshake: true,
});
