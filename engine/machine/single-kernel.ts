// A machine with one kernel on all of its harts: the vanilla SMP baseline, and what
// `popcorn run` and `popcorn shell` boot until the replicated-kernel machine takes over.

import { instantiateHart } from '../hw/hart-module';
import { createPhysicalMemory } from '../hw/physical-memory';
import { Kernel } from '../kernels/kernel';

export interface SingleKernelOptions {
  harts?: number;
  ramBytes?: number;
  files?: Record<string, Uint8Array>;
  seed?: number;
}

export async function bootSingleKernel(options: SingleKernelOptions = {}): Promise<Kernel> {
  const harts = options.harts ?? 2;
  const ramBytes = options.ramBytes ?? 256 << 20;
  const pm = createPhysicalMemory(ramBytes, harts);
  const wasm = await instantiateHart(pm.memory);
  wasm.buildTables();
  return new Kernel(pm.memory, wasm, {
    id: 0,
    harts: Array.from({ length: harts }, (_, i) => i),
    memory: { base: 0, size: ramBytes },
    tty: 0,
    seed: options.seed ?? 1,
    files: options.files ?? {},
  });
}
