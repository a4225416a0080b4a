#!/usr/bin/env bash
# Runs every test: lint, typecheck, unit and integration (jest, real Postgres), the plugin template
# proved outside the repository, and end-to-end (Playwright in Debian's chromium). Installs what it
# needs first. Ends with one plain line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages: chromium for the browser tests; gcc and librdkafka-dev for the mock Kafka broker
# (test-kit/mock-kafka, compiled at test time).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v gcc >/dev/null || missing+=(gcc)
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || missing+=(librdkafka-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's ${missing[*]} for the tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) || { echo "could not install ${missing[*]}"; exit 1; }
  else
    echo "The tests need Debian's ${missing[*]}: sudo apt-get install -y ${missing[*]}"; exit 1
  fi
fi

[ -d node_modules ] || npm install --no-audit --no-fund

mkdir -p .test-results
rm -f .test-results/*.json
status=0

# Lint and typecheck count as one test each in the final line: a red check is never "0 failed".
check() {
  local name=$1; shift
  echo "== $name"
  if "$@"; then echo "$name passed" >> .test-results/checks.txt; else echo "$name failed" >> .test-results/checks.txt; status=1; fi
}
rm -f .test-results/checks.txt
check lint npm run --silent lint
check typecheck npm run --silent typecheck

echo "== unit and integration tests (jest)"
NODE_OPTIONS=--experimental-vm-modules npx jest --json --outputFile=.test-results/jest.json || status=1

echo "== the plugin template outside the repository: create-plugin, npm pack + install, tsc, its tests, a portal"
NODE_OPTIONS=--experimental-vm-modules npx jest -c test/template-proof/jest.config.js --json --outputFile=.test-results/jest-template.json || status=1

if [ -f e2e/playwright.config.ts ]; then
  echo "== building the web app and plugin remotes"
  npm run --silent build:web || status=1
  # docker/Dockerfile's runtime stage built without Docker (its build stage is this checkout now)
  # and started as the image would: counted as one test.
  check image-tree node --import tsx scripts/prove-image.ts
  echo "== end-to-end tests (Playwright, chromium)"
  PLAYWRIGHT_JSON_OUTPUT_FILE="$PWD/.test-results/e2e.json" PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/.test-results/e2e.json" npm run --silent test -w e2e || status=1
fi

node scripts/summarize-tests.mjs .test-results || status=1
exit $status
