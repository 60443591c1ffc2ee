#!/usr/bin/env bash
# What an outside user installs: packs every published package (after
# `pnpm build`) into DIR/tarballs and installs the tarballs with plain npm
# into DIR/app, a new project outside the workspace. Used by
# consumer-check.sh and by the cold-start bench (bench/src/cli-cold-start.ts).
# Prints the install's time and size as its last line.
#
#   bash tooling/release/consumer-install.sh DIR
#
# CONSUMER_CHECK_FULL_INSTALL=1 compiles better-sqlite3 as a consumer's
# install would; by default the workspace's build of the very same version
# for this Node is copied in (compiling takes minutes on a busy machine).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:?usage: consumer-install.sh DIR}"
export npm_config_nodedir="${npm_config_nodedir:-/usr}"   # better-sqlite3 builds offline against local headers
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
fail() { echo "consumer install FAILED: $*" >&2; exit 1; }

mkdir -p "$WORK/tarballs" "$WORK/app"
PACKAGES=(packages/core packages/storage apps/cli apps/mcp-server apps/http)
for dir in "${PACKAGES[@]}"; do
  (cd "$ROOT/$dir" && pnpm pack --pack-destination "$WORK/tarballs" >/dev/null) || fail "pnpm pack in $dir"
done
TARBALLS=("$WORK"/tarballs/*.tgz)
[ "${#TARBALLS[@]}" -eq 5 ] || fail "expected 5 tarballs, got ${#TARBALLS[@]}"

cd "$WORK/app"
node -e '
  const fs = require("fs");
  const deps = {};
  for (const t of process.argv.slice(1)) {
    const name = "@project-status/" + require("path").basename(t).replace(/^project-status-/, "").replace(/-\d+\.\d+\.\d+.*\.tgz$/, "");
    deps[name] = "file:" + t;
  }
  fs.writeFileSync("package.json", JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: deps }, null, 2));
' "${TARBALLS[@]}"
start=$(date +%s)
if [ "${CONSUMER_CHECK_FULL_INSTALL:-0}" = 1 ]; then
  npm install --loglevel=error >/dev/null || fail "npm install"
else
  npm install --loglevel=error --ignore-scripts >/dev/null || fail "npm install"
  ws="$(cd "$ROOT/packages/storage" && node -p "require('path').dirname(require.resolve('better-sqlite3/package.json'))")"
  if [ "$(node -p "require('$ws/package.json').version")" = "$(node -p "require('./node_modules/better-sqlite3/package.json').version")" ] && [ -f "$ws/build/Release/better_sqlite3.node" ]; then
    mkdir -p node_modules/better-sqlite3/build/Release && cp "$ws/build/Release/better_sqlite3.node" node_modules/better-sqlite3/build/Release/
  else
    (cd node_modules/better-sqlite3 && npm run install --loglevel=error >/dev/null) || fail "better-sqlite3 build"
  fi
fi
seconds=$(( $(date +%s) - start ))
size=$(du -sm node_modules | cut -f1)
echo "install: ${seconds} s, node_modules ${size} MB"
