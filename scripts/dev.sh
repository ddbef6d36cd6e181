#!/usr/bin/env bash
# Quick start: installs what is missing, migrates, loads the challenges, and runs the bot
# locally: ingress, worker, and the simulator (fake Twilio API + chat page on :3002).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_prerequisites
[ -f .env ] || { cp .env.example .env; say "created .env from .env.example (local mode, fake Twilio)"; }
say "starting: open http://127.0.0.1:3002/ to chat (or run: pnpm chat +15550001111); the school dashboard is on http://127.0.0.1:3005/"
exec pnpm -s start:local
