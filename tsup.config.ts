import { defineConfig, type Options } from 'tsup';

// One entry per public subpath (package.json `exports`, mirrored by jsr.json). `assertion` is the
// light entry for the login hot path: it never pulls in the X.509 or attestation code
// (docs/performance.md).
const serverEntries = {
  index: 'src/index.ts',
  assertion: 'src/ceremony/assertion.ts',
  testing: 'src/testing/index.ts',
  options: 'src/browser-options.ts',
  parse: 'src/parse/index.ts',
  cose: 'src/cose/index.ts',
  x509: 'src/x509/index.ts',
  metadata: 'src/metadata/index.ts',
};

const common: Options = {
  format: ['esm', 'cjs'],
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
};

export default defineConfig([
  {
    ...common,
    entry: {
      ...serverEntries,
      // The `webauthn-verify` bin (node-only; not an `exports` subpath, so no .d.ts for it).
      cli: 'src/cli.ts',
    },
    dts: { entry: serverEntries },
    // scripts/build.mjs empties dist/ once: the two builds run side by side and must not clean.
    clean: false,
    splitting: true,
    // Chunking is decided by which entries reach a module. The login modules are reached by every
    // server entry, so esbuild keeps them in one set of chunks and `webauthn-verify/assertion` loads
    // 2 files (test/package/entry-points.test.ts); without this, each subpath that reaches only part of
    // the login path (parse, cose, x509, metadata) would split it into more, slower-to-load files. Build
    // configuration, not an import in the source (issue 12).
    esbuildOptions(options) {
      options.inject = ['src/ceremony/assertion.ts'];
    },
  },
  {
    // The browser half (createCredential/getCredential): its own build, dependency-free, no server code.
    ...common,
    entry: { browser: 'src/browser/index.ts' },
    dts: { entry: { browser: 'src/browser/index.ts' } },
    clean: false,
    splitting: false,
  },
]);
