// One kernel alone on a machine of its own, with all the harts and all the memory: the
// vanilla SMP baseline, what `popcorn run` boots by default (and `popcorn shell --harts N`),
// and what kernel tests use.

import { instantiateHart } from '../hw/hart-module';
import { createPhysicalMemory, MIB } from '../hw/physical-memory';
import { Kernel, type RootFiles } from './kernel';

export interface SingleKernelOptions {
  harts?: number;
  ramBytes?: number;
  files?: RootFiles;
  seed?: number;
  /** Keep every trace event (for a trace file). */
  keepTrace?: boolean;
}

export async function bootSingleKernel(options: SingleKernelOptions = {}): Promise<Kernel> {
  const harts = options.harts ?? 2;
  const ramBytes = options.ramBytes ?? 256 * MIB;
  const pm = createPhysicalMemory(ramBytes, harts);
  const wasm = await instantiateHart(pm.memory);
  wasm.buildTables();
  return new Kernel(pm.memory, wasm, {
    id: 0,
    harts: Array.from({ length: harts }, (_, i) => i),
    memory: { base: 0, size: ramBytes },
    tty: 0,
    seed: options.seed ?? 1,
    keepTrace: options.keepTrace ?? false,
    files: options.files ?? {},
  });
}
