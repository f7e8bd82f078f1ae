import { defineConfig } from 'tsup';

// One entry per public subpath (package.json `exports`, mirrored by jsr.json). `assertion` is the
// light entry for the login hot path: it must never pull in pkijs/asn1js (docs/performance.md).
const publicEntries = {
  index: 'src/index.ts',
  assertion: 'src/assertion.ts',
  testing: 'src/testing/index.ts',
  options: 'src/options.ts',
  parse: 'src/parse.ts',
  cose: 'src/cose/index.ts',
  x509: 'src/x509/index.ts',
  metadata: 'src/metadata/index.ts',
  // The browser half (createCredential/getCredential): dependency-free, no server code.
  browser: 'src/browser/index.ts',
};

export default defineConfig({
  entry: {
    ...publicEntries,
    // The `webauthn-verify` bin (node-only; not an `exports` subpath, so no .d.ts for it).
    cli: 'src/cli.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: publicEntries },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: true,
  treeshake: true,
});
