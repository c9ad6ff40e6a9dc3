#!/usr/bin/env bash
# `npm start`: installs dependencies on a fresh clone, builds the hart, serves the playground.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node-modules.sh
npx tsx scripts/build-wasm.ts
exec npx vite "$@"
