#!/usr/bin/env bash
# Installs the npm dependencies on a fresh clone (or after package-lock.json changed).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
