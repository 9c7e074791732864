#!/usr/bin/env bash
# Starts the built service on the embedded PostgreSQL in a fresh data folder and waits for
# /health/ready; fails if it does not answer 200 within 60 s.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR="$(mktemp -d)"
PORT="${SMOKE_PORT:-3917}"
npm run build >/dev/null
DATA_DIR="$DATA_DIR" PORT="$PORT" HOST=127.0.0.1 LOG_LEVEL=warn node dist/apps/api/src/main.js &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA_DIR"' EXIT
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$PORT/api/v1/health/ready" >/dev/null 2>&1; then
    echo "embedded start: /health/ready answered 200"
    kill -TERM $PID
    wait $PID
    echo "embedded stop: exited cleanly on SIGTERM"
    exit 0
  fi
  sleep 1
done
echo "embedded start: /health/ready did not answer within 60 s" >&2
exit 1
