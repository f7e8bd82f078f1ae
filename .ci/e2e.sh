#!/usr/bin/env bash
# Real-browser e2e: headless Chromium + CDP virtual authenticators against the demo relying party,
# on each database engine: embedded PGlite (scratch directory) and PostgreSQL (Debian's server on a
# scratch directory and a free loopback port, .ci/postgres.sh; E2E_ENGINES=pglite to skip it).
# Installs Chromium and PostgreSQL when missing (Debian apt), builds when dist/ is stale. Per engine:
# starts the demo on a free port, runs test/e2e/run.mjs, restarts the demo to prove the store
# survives, then the race and crash suite test/e2e/races.mjs. Stops everything on exit (trap).
# Last line: "e2e: PASS|FAIL (...)". Exit status non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1 FORCE_COLOR=0
started=$(date +%s)

fail() { echo "e2e: FAIL ($1)"; exit 1; }

if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "::: installing chromium (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
    && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || fail "could not install chromium"
fi
source .ci/postgres.sh
ENGINES=${E2E_ENGINES:-pglite postgres}
if [[ " $ENGINES " == *" postgres "* ]]; then pg_install || fail "could not install postgresql"; fi
echo "::: $( (chromium --version || "${CHROMIUM_PATH:-chromium}" --version) 2>/dev/null | grep -v unexpected | head -1)"

if [ ! -f dist/index.js ] || [ ! -f dist/assertion.js ] || [ ! -f dist/options.js ] || [ ! -f dist/browser.js ] \
   || [ -n "$(find src package.json tsup.config.ts -newer dist/index.js -type f 2>/dev/null | head -1)" ]; then
  echo "::: building"
  npm run build --silent >/dev/null || fail "build failed"
fi

# E2E_DEMO_RUNTIME=bun|deno serves the same demo app from Bun or Deno (pinned in .ci/runtimes).
case "${E2E_DEMO_RUNTIME:-node}" in
  node) RUNNER=(node) ;;
  bun|deno)
    [ -d .ci/runtimes/node_modules ] || npm ci --prefix .ci/runtimes --no-audit --no-fund >/dev/null || fail "runtimes install failed"
    if [ "$E2E_DEMO_RUNTIME" = bun ]; then RUNNER=("$PWD/.ci/runtimes/node_modules/@oven/bun-linux-x64/bin/bun")
    else RUNNER=("$PWD/.ci/runtimes/node_modules/@deno/linux-x64-glibc/deno" run --allow-net --allow-read --allow-write --allow-env); fi ;;
  *) fail "E2E_DEMO_RUNTIME must be node, bun or deno" ;;
esac
echo "::: demo runtime: ${E2E_DEMO_RUNTIME:-node}"

DATA=$(mktemp -d /tmp/webauthn-demo-e2e.XXXXXX)
LOG="$DATA/server.log"
SERVER_PID=""
DB_ENV=()
# A test metadata BLOB (webauthn-verify/testing) listing Chromium's virtual authenticator, so the
# page names it (DEMO_MDS_BLOB, docs/demo.md); run.mjs checks the name on the passkey table.
export E2E_MDS_NAME="Chromium virtual authenticator (e2e test BLOB)"
node --input-type=module -e '
  import { writeFileSync } from "node:fs";
  import { createMetadataBLOB } from "webauthn-verify/testing";
  const [dir, description] = process.argv.slice(1);
  const entry = { aaguid: "01020304-0506-0708-0102-030405060708", metadataStatement: { description, attestationTypes: ["basic_full"], attestationRootCertificates: [] },
    statusReports: [{ status: "NOT_FIDO_CERTIFIED", effectiveDate: "2020-01-01" }], timeOfLastStatusChange: "2020-01-01" };
  const { blob, chain } = await createMetadataBLOB({ payload: { legalHeader: "e2e test BLOB", no: 1, nextUpdate: "2099-01-01", entries: [entry] } });
  writeFileSync(`${dir}/mds.jwt`, blob);
  writeFileSync(`${dir}/mds-root.pem`, chain.anchorsPem[0]);
' "$DATA" "$E2E_MDS_NAME" || fail "could not make the test metadata BLOB"
MDS_ENV=(DEMO_MDS_BLOB="$DATA/mds.jwt" DEMO_MDS_ROOT="$DATA/mds-root.pem")
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null
  fi
  SERVER_PID=""
}
cleanup() { stop_server; pg_stop_scratch; rm -rf "$DATA"; }
trap cleanup EXIT

# start_server [port]: port 0 picks a free one; the URL is read back from the server's own log line.
start_server() {
  : > "$LOG"
  env PORT="$1" "${DB_ENV[@]}" "${MDS_ENV[@]}" "${RUNNER[@]}" demo/server.mjs >>"$LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    URL=$(sed -n 's/^open \(http:\/\/localhost:[0-9]*\)$/\1/p' "$LOG" | head -1)
    [ -n "$URL" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$LOG"; fail "demo server did not start"
}

status=0
echo "::: demo server rules, in process (node --test test/e2e/demo-app.test.mjs)"
node --test --test-reporter=spec test/e2e/demo-app.test.mjs >"$DATA/unit.log" 2>&1 || { cat "$DATA/unit.log"; status=1; }
grep -E '^ℹ (tests|pass|fail)' "$DATA/unit.log" | tr '\n' ' '; echo

for ENGINE in $ENGINES; do
  case "$ENGINE" in
    pglite) DB_ENV=(DEMO_DATA_DIR="$DATA/pglite"); RACE_ENV=(RACE_DATA_DIR="$DATA/races-pglite") ;;
    postgres) pg_start_scratch || fail "could not start postgresql"; DB_ENV=(DEMO_DATABASE_URL="$DEMO_PG_URL"); RACE_ENV=("${DB_ENV[@]}") ;;
    *) fail "E2E_ENGINES: unknown engine $ENGINE" ;;
  esac
  start_server 0
  PORT_USED=${URL##*:}
  echo "::: [$ENGINE] demo at $URL"
  E2E_BASE_URL="$URL" E2E_STATE="$DATA/state-$ENGINE.json" node test/e2e/run.mjs main || status=1
  echo "::: [$ENGINE] restarting the demo on the same port and database"
  stop_server
  start_server "$PORT_USED"
  E2E_BASE_URL="$URL" E2E_STATE="$DATA/state-$ENGINE.json" node test/e2e/run.mjs after-restart || status=1
  stop_server
  if grep -q "Error" "$LOG"; then echo "::: server log:"; cat "$LOG"; fi
  echo "::: [$ENGINE] races and crashes (test/e2e/races.mjs)"
  env "${RACE_ENV[@]}" node test/e2e/races.mjs || status=1
  [ "$ENGINE" = postgres ] && pg_stop_scratch
done

elapsed=$(( $(date +%s) - started ))
if [ "$status" -eq 0 ]; then echo "e2e: PASS (${elapsed} s)"; else echo "e2e: FAIL (${elapsed} s)"; fi
exit "$status"
