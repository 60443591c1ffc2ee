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
cli() { node apps/cli/dist/main.cjs "$@"; }
cli init
if ! cli work search "quickstart" --json | grep -q '"total_count": *[1-9]'; then
  project=$(cli work create project "Try Project Status" --description "A first project created by the quickstart" --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')
  cli work create task "Read the README" --parent "$project" >/dev/null
  cli work create task "Connect an assistant over MCP (pnpm mcp --help)" --parent "$project" >/dev/null
fi
cli work ready
cli health
echo
echo "Ready. Next: 'pnpm ps --help' (CLI), 'pnpm mcp --help' (MCP server), 'pnpm http --help' (HTTP API)."
