#!/usr/bin/env bash
# Every test of the project, in order: dependencies, the hart build, the userland binaries
# (rebuilt and compared with the committed ones), types and lint, unit and differential tests,
# the production build, and the end-to-end tests in Chromium: every one against the production
# build, the core flows also against the dev server that `npm start` serves (the Playwright
# projects `build` and `dev`, both counted). Ends with one line "tests: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

fail() {
  echo "FAILED: $1" >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
}
step() {
  echo "==> $1"
}

step "Debian packages" && bash scripts/ensure-debian-packages.sh || fail "installing Debian packages"
step "npm dependencies" && bash scripts/ensure-node-modules.sh || fail "installing npm dependencies"
step "hart (AssemblyScript -> wasm)" && npx tsx scripts/build-wasm.ts || fail "building the hart"
step "userland binaries are reproducible" && bash userland/build.sh --check || fail "userland binaries differ from the committed ones"
step "types, lint, format" && npm run --silent lint || fail "lint"
step "unit and differential tests"
npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json"
vitest_status=$?
[ -f "$results/vitest.json" ] || fail "vitest produced no report"
step "production build" && npx vite build || fail "building the app"
step "end-to-end tests (Playwright, Chromium: the build, and the core flows on the dev server)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npx playwright test --reporter=list,json
playwright_status=$?
[ -f "$results/playwright.json" ] || fail "playwright produced no report"

# one line for both runners (Playwright's stats cover both its projects); a test file that
# failed to load counts as one failure
node -e '
const v = require(process.argv[1]), p = require(process.argv[2]).stats;
const unloaded = v.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
const passed = v.numPassedTests + p.expected + p.flaky, failed = v.numFailedTests + unloaded + p.unexpected;
console.log(`tests: ${passed} passed, ${failed} failed`);
' "$results/vitest.json" "$results/playwright.json"
[ "$vitest_status" -eq 0 ] && [ "$playwright_status" -eq 0 ] || exit 1
