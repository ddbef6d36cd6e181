#!/usr/bin/env bash
# Quick start: installs what is missing, migrates, loads the challenges, and runs the bot
# locally (fake Twilio API, ingress, worker). Chat with it with `pnpm chat +15550001111`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_prerequisites
[ -f .env ] || { cp .env.example .env; say "created .env from .env.example (local mode, fake Twilio)"; }
say "the bot is starting: webhook at http://127.0.0.1:${PORT:-3000}/bot"
say "chat with it from another terminal: pnpm chat +15550001111"
exec pnpm -s start:local
