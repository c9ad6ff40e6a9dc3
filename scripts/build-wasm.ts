// Builds the hart: generates the decoder from the instruction table, then compiles the
// AssemblyScript sources to engine/hw/generated/hart.wasm (shared memory, atomics on).
// Skips the work when no input changed since the last build (hart-stamp.ts hashes them).
//
// Usage: tsx scripts/build-wasm.ts [--force]

import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hartDigest, hartIsCurrent, outDir, root, stampFile, wasmFile } from './hart-stamp';

const digest = hartDigest();
if (!process.argv.includes('--force') && hartIsCurrent(digest)) process.exit(0);

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
