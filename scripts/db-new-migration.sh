#!/usr/bin/env bash
# Writes prisma/migrations/<UTC timestamp>_<NAME>/migration.sql: the SQL that takes the schema of
# the last commit (HEAD:prisma/schema) to the working prisma/schema. Review it before committing.
set -euo pipefail

name="${1:-}"
if [[ ! "$name" =~ ^[a-z0-9_]+$ ]]; then
  echo "usage: npm run db:new-migration -- NAME   (NAME in snake_case, e.g. add_comments)" >&2
  exit 2
fi

cd "$(git rev-parse --show-toplevel)"
# The diff starts from HEAD, so a second run before committing would repeat the first migration.
pending="$(git ls-files --others --exclude-standard prisma/migrations)"
if [[ -n "$pending" ]]; then
  echo "Uncommitted migration present (delete it to regenerate, or commit it first):" >&2
  echo "$pending" >&2
  exit 1
fi
previous="$(mktemp -d)"

if git cat-file -e HEAD:prisma/schema 2>/dev/null; then
  for file in $(git ls-tree --name-only HEAD prisma/schema/); do
    git show "HEAD:$file" > "$previous/$(basename "$file")"
  done
  from=(--from-schema-datamodel "$previous")
else
  from=(--from-empty)
fi

# The diff is schema-to-schema, but prisma.config.ts's adapter still connects to DATABASE_URL:
# without one, serve a throw-away in-memory PGlite for the CLI.
server_pid=""
cleanup() {
  rm -rf "$previous"
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
if [[ -z "${DATABASE_URL:-}" ]]; then
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  node node_modules/@electric-sql/pglite-socket/dist/scripts/server.js -p "$port" -m 10 >/dev/null 2>&1 &
  server_pid=$!
  node -e 'const net=require("net");const port=+process.argv[1];const end=Date.now()+30000;
    (function probe(){const c=net.connect(port,"127.0.0.1",()=>{c.end();process.exit(0)});
      c.on("error",()=>Date.now()>end?process.exit(1):setTimeout(probe,200))})()' "$port"
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
fi

sql="$(npx prisma migrate diff "${from[@]}" --to-schema-datamodel prisma/schema --script 2>/dev/null \
  | grep -v '^CREATE SCHEMA IF NOT EXISTS "public";$' | sed '/^-- CreateSchema$/d')"

if ! grep -q '[^[:space:]]' <<<"$(grep -v '^--' <<<"$sql")"; then
  echo "No schema change between HEAD and the working prisma/schema: nothing written." >&2
  exit 1
fi

folder="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$folder"
printf '%s\n' "$sql" > "$folder/migration.sql"
echo "Wrote $folder/migration.sql"
