#!/usr/bin/env bash
# One command from a fresh clone to a working Project Status on the embedded
# SQLite default: installs pnpm 12.4.2 if needed, installs and builds the
# workspace, initialises .project-status/ here, and shows it working.
set -euo pipefail
cd "$(dirname "$0")/../.."
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
if [ "$(pnpm --version 2>/dev/null)" != "12.4.2" ]; then npm install -g pnpm@12.4.2; fi
pnpm install --frozen-lockfile
pnpm build
cli() { node apps/cli/dist/main.js "$@"; }
cli init
if ! cli work list --json | grep -q 'Try Project Status'; then
  cli work create --type project --title "Try Project Status" --description "A first project created by the quickstart"
fi
cli work ready
cli health
echo
echo "Ready. Next: 'pnpm ps --help' (CLI), 'pnpm mcp --help' (MCP server), 'pnpm http --help' (HTTP API)."
