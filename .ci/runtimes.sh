#!/usr/bin/env bash
# Packaging and runtime checks: publint --strict, attw, `deno publish --dry-run` (the JSR package),
# `npm pack` installed into a scratch consumer and smoke-tested under Node ESM, Node CJS, Bun
# (ESM + CJS) and Deno with no permissions; a clean clone of HEAD packed without a build first
# (prepack) and installed as a git dependency (prepare), smoke-tested under Node;
# webauthn-verify/browser in Chromium (standard JSON methods and the fallback); then the vitest
# suite under Bun and Deno. Deno and Bun come pinned from .ci/runtimes/package-lock.json. One
# line per step, a summary line last, exit 1 on any failure.
# Options: RUNTIMES_SKIP_VITEST=1 skips the two full vitest runs (quick packaging check).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export NO_COLOR=1 FORCE_COLOR=0
started=$(date +%s)
passed=0; failed=0; failures=()
WORK=$(mktemp -d /tmp/webauthn-runtimes.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# step NAME CMD...: runs CMD with output in a log; prints "runtimes: NAME: ok|FAIL" (and the log tail on failure).
step() {
  local name=$1; shift
  local log="$WORK/$(echo "$name" | tr -c 'a-zA-Z0-9' '_').log"
  local t=$(date +%s)
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1)); echo "runtimes: $name: ok ($(( $(date +%s) - t )) s)$(summary_of "$log")"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "runtimes: $name: FAIL ($(( $(date +%s) - t )) s)"; tail -n 40 "$log" | sed 's/^/    /'
  fi
}
# The one line worth keeping from a step's output (smoke result or vitest totals), if any.
summary_of() {
  local line
  # (ANSI colours stripped first: Deno colours its output even with NO_COLOR when FORCE_COLOR is set.)
  line=$(sed -E 's/\x1b\[[0-9;]*m//g' "$1" | grep -E '^smoke |^packed |^browser-entry: |Tests +[0-9]|All good|No problems found|^Success Dry run' | tail -n 1 | sed -E 's/ +/ /g')
  [ -n "$line" ] && echo " — $line"
}

echo "runtimes: node $(node --version), npm $(npm --version 2>/dev/null)"
step "install deno+bun (npm ci --prefix .ci/runtimes)" npm ci --prefix .ci/runtimes --no-audit --no-fund
DENO=$ROOT/.ci/runtimes/node_modules/@deno/linux-x64-glibc/deno
BUN=$ROOT/.ci/runtimes/node_modules/@oven/bun-linux-x64/bin/bun
[ -x "$DENO" ] && echo "runtimes: $("$DENO" --version | head -1)"
[ -x "$BUN" ] && echo "runtimes: bun $("$BUN" --version)"

if [ ! -f dist/index.js ] || [ -n "$(find src package.json tsup.config.ts -newer dist/index.js -type f 2>/dev/null | head -1)" ]; then
  step "build" npm run build --silent
fi

step "publint --strict" npx --no-install publint --strict
# --profile node16: node10 resolution knows no `exports` subpaths, and engines already require Node >= 20.19.
# dist/ is fresh here (built above when stale), so these two packs skip the prepack rebuild.
step "attw --pack . --profile node16" env npm_config_ignore_scripts=true npx --no-install attw --pack . --profile node16 --format ascii
# The JSR package (jsr.json) as `deno publish` would upload it: type-checked by the pinned Deno,
# slow-types check, every `./x.js` specifier unfurled to `./x.ts`. Deno takes the .js → .ts mapping
# from tsconfig.json ("moduleResolution": "Bundler") only for the files that tsconfig covers, so a
# published file listed in its "exclude" fails with TS2307 "Cannot find module …/x.js". Needs no
# network (no jsr:/remote imports; @noble/* come from node_modules) and no token (dry run).
step "deno publish --dry-run (JSR)" "$DENO" publish --dry-run --allow-dirty

# The tarball exactly as npm would publish it, installed by name into a consumer project.
pack_and_install() {
  local tgz
  tgz=$(npm pack --silent --ignore-scripts --pack-destination "$WORK") || return 1
  mkdir -p "$WORK/consumer"
  echo '{"name":"consumer","private":true,"type":"module"}' > "$WORK/consumer/package.json"
  (cd "$WORK/consumer" && npm install --no-audit --no-fund --no-package-lock "$WORK/$(basename "$tgz")") || return 1
  cp test/package/smoke/smoke.mjs test/package/smoke/smoke.cjs "$WORK/consumer/"
  echo "packed $(basename "$tgz"): $(tar -tzf "$WORK/$(basename "$tgz")" | wc -l) files"
}
step "npm pack + install into a consumer" pack_and_install
C=$WORK/consumer
step "smoke node esm" node "$C/smoke.mjs"
step "smoke node cjs" node "$C/smoke.cjs"
step "smoke bun esm" "$BUN" "$C/smoke.mjs"
step "smoke bun cjs" "$BUN" "$C/smoke.cjs"
# No --allow-* flags at all: the library must need no permissions.
step "smoke deno (no permissions)" bash -c "cd '$C' && '$DENO' run --no-prompt smoke.mjs"

# A fresh clone of HEAD (committed work only), never built: `npm pack` must build dist/ itself
# (prepack), and a git dependency must arrive with dist/ (prepare). The npm cache is reused.
CLONE=$WORK/clone
step "clean clone: npm ci --ignore-scripts" bash -c "git clone --quiet '$ROOT' '$CLONE' && cd '$CLONE' && npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error"
# Every file package.json names (exports, main, module, types, bin) must be in the tarball.
pack_clean_clone() {
  local tgz listing missing
  tgz=$(cd "$CLONE" && npm pack --silent --pack-destination "$WORK/clean-pack") || return 1
  listing=$(tar -tzf "$WORK/clean-pack/$tgz" | sed 's|^package/||')
  missing=$(cd "$CLONE" && node -e '
    const p = require("./package.json"), out = new Set();
    const walk = (v) => typeof v === "string" ? out.add(v.replace(/^\.\//, "")) : v && Object.values(v).forEach(walk);
    walk(p.exports); walk(p.bin); [p.main, p.module, p.types].forEach(walk);
    console.log([...out].join("\n"))' | grep -vxF -f <(echo "$listing") || true)
  [ -z "$missing" ] || { echo "missing from $tgz:"; echo "$missing"; return 1; }
  echo "packed $tgz from a clean clone: $(echo "$listing" | grep -c '^dist/') files in dist/, every exported file present"
}
mkdir -p "$WORK/clean-pack"
step "clean clone: npm pack ships dist/" pack_clean_clone
# The clean clone installed as a git dependency (npm clones it, installs its devDependencies,
# runs `prepare`), then the same smoke test. allowScripts approves that one prepare script.
install_git_dependency() (
  mkdir -p "$WORK/git-consumer" && cd "$WORK/git-consumer" || return 1
  printf '{"name":"git-consumer","private":true,"type":"module","allowScripts":{"git+file://%s":true}}\n' "$CLONE" > package.json
  npm install --prefer-offline --no-audit --no-fund --no-package-lock "git+file://$CLONE" || return 1
  [ -f node_modules/webauthn-verify/dist/index.js ] || { echo "no dist/ in the git dependency"; return 1; }
  cp "$ROOT/test/package/smoke/smoke.mjs" "$ROOT/test/package/smoke/smoke.cjs" .
)
failed_before=$failed
step "git dependency: npm i git+file://<clean clone>" install_git_dependency
if [ "$failed" -eq "$failed_before" ]; then # nothing to smoke-test when the install failed
  step "smoke node esm (git dependency)" node "$WORK/git-consumer/smoke.mjs"
  step "smoke node cjs (git dependency)" node "$WORK/git-consumer/smoke.cjs"
fi

# webauthn-verify/browser in headless Chromium with a CDP virtual authenticator: once with the
# standard JSON methods, once with them deleted (the fallback); Node verifies every response.
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  step "install chromium (apt-get)" bash -c 'S=""; [ "$(id -u)" -ne 0 ] && S=sudo; $S env DEBIAN_FRONTEND=noninteractive apt-get update -qq && $S env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium'
fi
step "browser entry in chromium (standard + fallback)" node test/e2e/browser-entry.mjs

if [ "${RUNTIMES_SKIP_VITEST:-}" != "1" ]; then
  step "vitest under bun" "$BUN" --bun node_modules/vitest/vitest.mjs run --reporter=default
  step "vitest under deno" "$DENO" run -A node_modules/vitest/vitest.mjs run --reporter=default
fi

elapsed=$(( $(date +%s) - started ))
if [ "$failed" -eq 0 ]; then
  echo "runtimes: $passed passed, 0 failed (${elapsed} s)"
else
  echo "runtimes: $passed passed, $failed failed (${elapsed} s): ${failures[*]}"
fi
[ "$failed" -eq 0 ]
