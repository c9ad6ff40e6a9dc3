#!/usr/bin/env node
// The `popcorn` command: runs the TypeScript CLI (engine/cli/main.ts, which turns every error
// into one line) through tsx's loader, after building the hart if its sources changed (checked
// here, so the build's own Node process starts only when there is something to build). A
// failure here, before the CLI runs, is one line too.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
try {
  const { register } = await import('tsx/esm/api');
  register();
  const { hartIsCurrent } = await import('../scripts/hart-stamp.ts');
  if (!hartIsCurrent()) {
    execFileSync(process.execPath, [`${root}node_modules/tsx/dist/cli.mjs`, `${root}scripts/build-wasm.ts`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
} catch (err) {
  console.error(`popcorn: cannot start: ${err.message.split('\n')[0]} (is 'npm install' done?)`);
  process.exit(1);
}
await import('../engine/cli/main.ts');
