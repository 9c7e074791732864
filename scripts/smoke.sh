#!/usr/bin/env bash
# Drives the built service as an operator would, first on the embedded PostgreSQL in a fresh data
# folder: start and wait for /health/ready (60 s at most), write data, refuse a second start on
# the same folder, stop with SIGTERM while a request is in flight, start again and find the data
# (in an owner-only folder), and refuse bad configuration and a port in use with one line.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR="$(mktemp -d)"
chmod 755 "$DATA_DIR" # as a plain mkdir leaves it: start-up must tighten it
PORT="${SMOKE_PORT:-3917}"
BASE="http://127.0.0.1:$PORT/api/v1"
# What production runs: the bundle of `npm run start:prod` and the image.
MAIN=dist/parley-api.js
PID=""
HOLDER=""
cleanup() {
  if [[ -n "$PID" ]]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  if [[ -n "$HOLDER" ]]; then kill "$HOLDER" 2>/dev/null || true; wait "$HOLDER" 2>/dev/null || true; fi
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT
fail() { echo "smoke: $*" >&2; exit 1; }

start() {
  env DATA_DIR="$DATA_DIR" PORT="$PORT" HOST=127.0.0.1 LOG_LEVEL=warn "$@" node "$MAIN" &
  PID=$!
  for _ in $(seq 1 60); do
    curl -fsS "$BASE/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || fail "the service exited during start-up"
    sleep 1
  done
  fail "/health/ready did not answer 200 within 60 s"
}

stop() {
  kill -TERM "$PID"
  wait "$PID" || fail "the service did not exit cleanly on SIGTERM"
  PID=""
}

# Runs the service expecting it to refuse to start: exit 1 and exactly one line on stderr.
expect_refusal() {
  local what="$1"; shift
  local err status=0
  err="$(env "$@" node "$MAIN" 2>&1 >/dev/null)" || status=$?
  [[ $status -eq 1 ]] || fail "$what: expected exit 1, got $status"
  [[ $(printf '%s\n' "$err" | wc -l) -eq 1 ]] || fail "$what: expected one line, got: $err"
  echo "refused ($what): $err"
}

npm run build >/dev/null
start
echo "embedded start: /health/ready answered 200"

# What the bundle finds on disk beside it: the OpenAPI page's assets, the widget and the console.
expect_served() {
  local path="$1" needle="$2" body
  body="$(curl -fsS "http://127.0.0.1:$PORT$path")" || fail "$path did not answer 2xx"
  [[ "$body" == *"$needle"* ]] || fail "$path does not contain $needle"
}
expect_served /api/v1/docs-json '"openapi":"3.'
expect_served /api/v1/docs 'swagger-ui-bundle.js'
expect_served /api/v1/docs/swagger-ui-bundle.js 'SwaggerUIBundle'
expect_served /embed/parley.js 'parley-comments'
expect_served /api/v1/embed/parley.js 'parley-comments'
expect_served /console/ 'src="assets/console-'
expect_served /api/v1/console/ 'src="assets/console-'
console_script="$(curl -fsS "http://127.0.0.1:$PORT/console/" | grep -o 'assets/console-[0-9a-f]*\.js')"
expect_served "/api/v1/console/$console_script" 'parley-console'
invalid="$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$BASE/auth/register" \
  -H 'content-type: application/json' -d '{"email":"not an email"}')"
[[ "$invalid" == "400" ]] || fail "an invalid registration answered $invalid, not 400"
echo "embedded start: OpenAPI document and page, widget, console and validation answer"
EMAIL="smoke-$RANDOM@example.com"
curl -fsS -X POST "$BASE/auth/register" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"correct horse battery\",\"displayName\":\"Smoke\"}" >/dev/null

expect_refusal "second start on the same data folder" DATA_DIR="$DATA_DIR" PORT=$((PORT + 1)) LOG_LEVEL=warn

# A slow in-flight request (argon2 hashing) must still complete after SIGTERM.
curl -fsS -o /dev/null -w '%{http_code}' -X POST "$BASE/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"correct horse battery\"}" > "$DATA_DIR/inflight.status" &
CURL=$!
sleep 0.05
stop
wait "$CURL" || true
[[ "$(cat "$DATA_DIR/inflight.status")" == "200" ]] || fail "the in-flight request did not finish during shutdown"
echo "embedded stop: exited cleanly on SIGTERM, in-flight request answered 200"

start
curl -fsS -X POST "$BASE/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"correct horse battery\"}" >/dev/null || fail "data written before SIGTERM is gone"
echo "embedded restart: the account written before SIGTERM is there"
stop

# The data folder and everything in it are the owner's only (0700 folders, 0600 files).
loose="$(find "$DATA_DIR" \( -type d ! -perm 700 \) -o \( -type f ! -perm 600 \) | head -3)"
[[ -z "$loose" ]] || fail "not owner-only in the data folder: $loose"
echo "embedded data folder: owner-only"

expect_refusal "ADMIN_EMAIL naming an existing account with another password" \
  DATA_DIR="$DATA_DIR" PORT="$PORT" LOG_LEVEL=warn ADMIN_EMAIL="$EMAIL" ADMIN_PASSWORD="not the password at all"

# The same on PostgreSQL when SMOKE_DATABASE_URL names a server (CI): a fresh database, data
# written before SIGTERM is there after the next start.
if [[ -n "${SMOKE_DATABASE_URL:-}" ]]; then
  DB_NAME="parley_smoke_test_$RANDOM"
  psql "$SMOKE_DATABASE_URL" -qc "CREATE DATABASE $DB_NAME" >/dev/null
  DB_URL="${SMOKE_DATABASE_URL%/*}/$DB_NAME"
  start DATABASE_URL="$DB_URL"
  curl -fsS -X POST "$BASE/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"correct horse battery\",\"displayName\":\"Smoke\"}" >/dev/null
  stop
  start DATABASE_URL="$DB_URL"
  curl -fsS -X POST "$BASE/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"correct horse battery\"}" >/dev/null || fail "PostgreSQL: data written before SIGTERM is gone"
  stop
  psql "$SMOKE_DATABASE_URL" -qc "DROP DATABASE $DB_NAME WITH (FORCE)" >/dev/null
  echo "postgres restart: the account written before SIGTERM is there"
fi

expect_refusal "PORT=abc" DATA_DIR="$DATA_DIR" PORT=abc
expect_refusal "production without JWT_SECRET" DATA_DIR="$DATA_DIR" NODE_ENV=production
expect_refusal "a JWT_SECRET under 32 bytes" DATA_DIR="$DATA_DIR" JWT_SECRET=short
expect_refusal "production on the embedded database" DATA_DIR="$DATA_DIR" NODE_ENV=production \
  JWT_SECRET=0123456789abcdef0123456789abcdef

# A port in use: one line naming PORT, and the failed start leaves no socket folder and no lock.
node -e "require('node:net').createServer().listen($PORT, '127.0.0.1', () => console.log('held'))" \
  > "$DATA_DIR/holder.out" &
HOLDER=$!
for _ in $(seq 1 50); do [[ -s "$DATA_DIR/holder.out" ]] && break; sleep 0.1; done
mkdir -m 700 "$DATA_DIR/tmp"
expect_refusal "a PORT in use" DATA_DIR="$DATA_DIR" TMPDIR="$DATA_DIR/tmp" PORT="$PORT" \
  HOST=127.0.0.1 LOG_LEVEL=warn
kill "$HOLDER"; wait "$HOLDER" 2>/dev/null || true; HOLDER=""
[[ ! -e "$DATA_DIR/pg.lock" ]] || fail "the failed start left DATA_DIR/pg.lock"
[[ -z "$(ls -d "$DATA_DIR"/tmp/parley-pg-* 2>/dev/null)" ]] || fail "the failed start left its socket folder"
echo "smoke: all checks passed"
