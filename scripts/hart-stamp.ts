// Whether engine/hw/generated/hart.wasm is current: the SHA-256 of the hart's sources, against
// the stamp its last build wrote. build-wasm.ts builds when they differ; bin/popcorn.mjs asks
// here first, in its own process, and starts the build (another Node process) only then.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = join(root, 'engine/hw/generated');
export const wasmFile = join(outDir, 'hart.wasm');
export const stampFile = join(outDir, 'hart.wasm.inputs');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'generated') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** SHA-256 over the path and contents of every file the hart is built from. */
export function hartDigest(): string {
  const inputs = [
    ...filesUnder(join(root, 'engine/hw/as')),
    ...filesUnder(join(root, 'engine/hw/isa')),
    join(root, 'engine/hw/memory-map.ts'),
    join(root, 'engine/hw/trap-codes.ts'),
    join(root, 'scripts/gen-decoder.ts'),
    join(root, 'scripts/build-wasm.ts'),
    join(root, 'scripts/hart-stamp.ts'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of inputs) hash.update(relative(root, file)).update(readFileSync(file));
  return hash.digest('hex');
}

/** Whether the built hart matches its sources. */
export function hartIsCurrent(digest = hartDigest()): boolean {
  return existsSync(wasmFile) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest;
}
