#!/usr/bin/env bash
# Runs every check and test: typecheck, lint, unit and end-to-end tests against real
# MariaDB and Redis (each test file on its own database and queue prefix).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_prerequisites
ensure_chromium
say "typecheck"
pnpm -s typecheck
say "lint"
pnpm -s lint
say "tests"
pnpm -s test
