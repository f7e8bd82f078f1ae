#!/usr/bin/env bash
# Fast bench correctness gate for CI (< 60 s): builds the library, installs the bench's pinned peers
# (bench/package-lock.json) and runs only the bench's correctness gate: every valid input must verify
# and every tampered one must fail, for our verifier and the crypto floors. No timing.
# After installing bench/, it also checks that fixtures/simplewebauthn/server-api.json (read
# by test/package/docs-migration.test.ts) still equals a fresh extraction from the pinned
# @simplewebauthn/server type definitions (scripts/check-swa-snapshot.mjs); vitest cannot, since a
# plain clone has no bench/node_modules and must skip nothing.
# Exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
# Build only when dist/ is missing or older than a file in src/ (CI usually built it already).
if [ "${SKIP_BUILD:-}" != "1" ] && { [ ! -f dist/assertion.js ] || [ -n "$(find src package.json tsup.config.ts -newer dist/assertion.js -print -quit)" ]; }; then
  npm run build --silent >/dev/null
fi
if [ ! -d bench/node_modules/@simplewebauthn ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  npm ci --prefix bench --no-audit --no-fund --loglevel=error >/dev/null
fi
node scripts/check-swa-snapshot.mjs
node bench/run.mjs --gate-only
echo "bench gate: $(( $(date +%s) - start )) s"
