#!/usr/bin/env node
// The `popcorn` command: builds the hart if its sources changed, then runs the TypeScript CLI
// (engine/cli/main.ts, which turns every error into one line) through tsx's loader. A failure
// here, before the CLI runs, is one line too.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
try {
  execFileSync(process.execPath, [`${root}node_modules/tsx/dist/cli.mjs`, `${root}scripts/build-wasm.ts`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const { register } = await import('tsx/esm/api');
  register();
} catch (err) {
  console.error(`popcorn: cannot start: ${err.message.split('\n')[0]} (is 'npm install' done?)`);
  process.exit(1);
}
await import('../engine/cli/main.ts');
