#!/usr/bin/env bash
# Runs every check and test: typecheck, lint, a smoke run of the benchmark, and the unit,
# end-to-end and browser tests against real MariaDB and Redis (each test file on its own
# database and queue prefix). The last line is the test summary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_prerequisites
ensure_chromium
ensure_python_science
say "typecheck"
pnpm -s typecheck
say "lint"
pnpm -s lint
say "build (every app compiled to apps/*/dist; fails on an import an app's package.json does not list)"
pnpm -s build
say "benchmark smoke run (tiny sizes: proves pnpm bench still works, its figures mean nothing)"
pnpm -s bench --smoke
say "fault-injection scenarios"
pnpm -s test:faults
say "tests"
pnpm -s test
