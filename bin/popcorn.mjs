#!/usr/bin/env node
// The `popcorn` command: builds the hart if its sources changed, then runs the TypeScript CLI
// (engine/cli/main.ts) through tsx's loader.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [`${root}node_modules/tsx/dist/cli.mjs`, `${root}scripts/build-wasm.ts`], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
register();
await import('../engine/cli/main.ts');
