#!/usr/bin/env bash
# The consumer check: what an outside user gets from the registry. Packs every
# published package (after `pnpm build`), installs the tarballs with plain npm
# into a temporary project outside the workspace, and there: checks that one
# better-sqlite3 and one pg are installed, typechecks a small service under
# `nodenext` + `strict` and runs it on SQLite and PostgreSQL, require()s the
# packages from CommonJS, runs each bin's --help (also the README's
# `npx -p` form), and runs publint and @arethetypeswrong/cli on the tarballs.
# Prints the install's time and size. Needs the npm registry (or its cache).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ps-consumer-XXXXXX")"
export npm_config_nodedir="${npm_config_nodedir:-/usr}"   # better-sqlite3 builds offline against local headers
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
PG_URL="${PROJECT_STATUS_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
PG_DB="ps_consumer_$$"
cleanup() {
  (cd "$WORK/app" 2>/dev/null && node -e "const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.query('drop database if exists $PG_DB with (force)')).finally(()=>c.end())" "$PG_URL" 2>/dev/null) || true
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { printf -- '-- consumer: %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
fail() { echo "consumer check FAILED: $*" >&2; exit 1; }

step "pack and npm install of the tarballs"
install_line=$(bash "$ROOT/tooling/release/consumer-install.sh" "$WORK" | tail -1) || fail "consumer install"
echo "$install_line"
seconds=$(echo "$install_line" | sed -E 's/^install: ([0-9]+) s.*/\1/')
size=$(echo "$install_line" | sed -E 's/.*node_modules ([0-9]+) MB$/\1/')
TARBALLS=("$WORK"/tarballs/*.tgz)
PACKAGES=(packages/core packages/storage apps/cli apps/mcp-server apps/http)
cd "$WORK/app"

step "one copy each of better-sqlite3 and pg"
for dep in better-sqlite3 pg; do
  copies=$(find . -type f -path "*/node_modules/$dep/package.json" | wc -l)
  [ "$copies" -eq 1 ] || { find . -type f -path "*/node_modules/$dep/package.json" >&2; fail "$copies copies of $dep"; }
done

step "CommonJS require"
for dir in "${PACKAGES[@]}"; do
  name=$(node -p "require('$ROOT/$dir/package.json').name")
  node -e "const m = require('$name'); if (!Object.keys(m).length) process.exit(1)" || fail "require('$name')"
done

step "bins"
./node_modules/.bin/project-status --help >/dev/null || fail "project-status --help"
./node_modules/.bin/project-status-mcp --help >/dev/null || fail "project-status-mcp --help"
./node_modules/.bin/project-status-http --help >/dev/null || fail "project-status-http --help"
npx --no-install -p @project-status/mcp-server project-status-mcp --help >/dev/null || fail "npx -p @project-status/mcp-server project-status-mcp --help"

step "typecheck and run a service (nodenext, strict)"
npm install --no-save --loglevel=error typescript@6.0.3 @types/node@^20.19.0 publint@0.3.25 @arethetypeswrong/cli@0.18.5 >/dev/null || fail "npm install of the checking tools"
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "module": "nodenext", "moduleResolution": "nodenext", "target": "es2022", "strict": true, "outDir": "dist", "types": ["node"], "skipLibCheck": false }, "include": ["service.ts"] }
JSON
cat > service.ts <<'TS'
import { VersionConflictError } from '@project-status/core';
import { openProjectStatus, PROJECT_STATUS_TABLES } from '@project-status/storage';
import { entities } from '@project-status/storage/mikro-orm';

const ps = await openProjectStatus({ databaseUrl: process.argv[2], root: process.cwd(), clientId: 'consumer', create: true });
const item = await ps.create_work_item({ item_type: 'task', title: 'from a consumer' });
let conflict = false;
try {
  await ps.update_work_item({ id: item.id, version: item.version + 1, title: 'stale' });
} catch (error) {
  conflict = error instanceof VersionConflictError;
}
const ready = await ps.list_ready_work({});
await ps.close();
if (!conflict || ready.items.length === 0 || entities.length === 0 || PROJECT_STATUS_TABLES.length === 0) process.exit(1);
console.log(`${ps.target.engine}: ok`);
TS
npx --no-install tsc -p tsconfig.json || fail "tsc"
node dist/service.js "sqlite:data/status.db" || fail "service on SQLite"
node -e "const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.query('create database $PG_DB')).finally(()=>c.end())" "$PG_URL" || fail "create database"
node dist/service.js "$(node -e 'const u=new URL(process.argv[1]);u.pathname="/'"$PG_DB"'";console.log(u.toString())' "$PG_URL")" || fail "service on PostgreSQL"

step "publint and arethetypeswrong on the tarballs"
for t in "${TARBALLS[@]}"; do
  dir="$WORK/extract/$(basename "$t" .tgz)"
  mkdir -p "$dir" && tar -xzf "$t" -C "$dir"
  npx --no-install publint "$dir/package" --pack false --strict || fail "publint $(basename "$t")"
  npx --no-install attw --profile esm-only --format table-flipped "$t" >/dev/null || { npx --no-install attw --profile esm-only "$t"; fail "attw $(basename "$t")"; }
done
step "ok (install ${seconds} s, ${size} MB)"
