// Builds the hart: generates the decoder from the instruction table, then compiles the
// AssemblyScript sources to engine/hw/generated/hart.wasm (shared memory, atomics on).
// Skips the work when no input changed since the last build (inputs are hashed).
//
// Usage: tsx scripts/build-wasm.ts [--force]

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'engine/hw/generated');
const wasmFile = join(outDir, 'hart.wasm');
const stampFile = join(outDir, 'hart.wasm.inputs');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'generated') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const inputs = [
  ...filesUnder(join(root, 'engine/hw/as')),
  ...filesUnder(join(root, 'engine/hw/isa')),
  join(root, 'engine/hw/memory-map.ts'),
  join(root, 'engine/hw/trap-codes.ts'),
  join(root, 'scripts/gen-decoder.ts'),
  join(root, 'scripts/build-wasm.ts'),
].sort();
const hash = createHash('sha256');
for (const file of inputs) hash.update(relative(root, file)).update(readFileSync(file));
const digest = hash.digest('hex');

if (!process.argv.includes('--force') && existsSync(wasmFile) && existsSync(stampFile)) {
  if (readFileSync(stampFile, 'utf8') === digest) process.exit(0);
}

mkdirSync(outDir, { recursive: true });
execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/gen-decoder.ts')], {
  stdio: 'inherit',
});
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules/assemblyscript/bin/asc.js'),
    join(root, 'engine/hw/as/hart.ts'),
    '--outFile',
    wasmFile,
    '--runtime',
    'stub',
    '--importMemory',
    '--sharedMemory',
    '--initialMemory',
    '1',
    '--maximumMemory',
    '65536',
    '--enable',
    'threads',
    '-O3',
    '--noAssert',
    '--uncheckedBehavior',
    'always',
  ],
  { stdio: 'inherit' },
);
writeFileSync(stampFile, digest);
console.log(`built ${relative(root, wasmFile)} (${statSync(wasmFile).size} bytes)`);
