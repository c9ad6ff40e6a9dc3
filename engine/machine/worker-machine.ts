// A scenario's machine with one worker per kernel (worker_threads under Node): the kernels run
// in parallel on the host, in step through the epoch barrier, and report when done. A worker
// that dies is reported by kernel number; the others are stopped cleanly.

import { Worker } from 'node:worker_threads';
import { compileHartModule, instantiateHart } from '../hw/hart-module';
import { createPhysicalMemory } from '../hw/physical-memory';
import { EpochBarrier } from './epoch-barrier';
import { EPOCH_NS } from './kernel-node';
import { machineHash } from './run-state';
import type { Scenario } from './scenario';
import type { KernelWorkerFailure, KernelWorkerInit, KernelWorkerResult } from './worker-protocol';

export interface WorkerRun {
  hash: string;
  kernels: KernelWorkerResult[];
  /** The machine's memory after the run (TTY output can still be drained from it). */
  memory: WebAssembly.Memory;
}

export class KernelWorkerError extends Error {}

/** Runs `scenario` for `untilNs` of virtual time with one worker per kernel. */
export async function runInWorkers(
  scenario: Scenario,
  scenarioText: string,
  files: Record<string, Uint8Array>,
  untilNs: number,
  keepTrace = false,
  freeRunning = false,
): Promise<WorkerRun> {
  const harts = scenario.machine.nodes.reduce((n, node) => n + node.harts, 0);
  const { memory } = createPhysicalMemory(scenario.machine.ramBytes, harts);
  const module = await compileHartModule();
  (await instantiateHart(memory, module)).buildTables();
  const kernels = scenario.machine.kernels.length;
  new EpochBarrier(memory).reset(kernels);
  const epochs = Math.ceil(untilNs / EPOCH_NS);
  const workers: Worker[] = [];
  try {
    const results = await Promise.all(
      Array.from({ length: kernels }, (_, index) => {
        const init: KernelWorkerInit = {
          memory,
          module,
          scenario: scenarioText,
          index,
          files,
          epochs,
          keepTrace,
          freeRunning,
        };
        const worker = new Worker(new URL('./kernel-worker-node.mjs', import.meta.url), { workerData: init });
        workers.push(worker);
        return new Promise<KernelWorkerResult>((resolve, reject) => {
          worker.once('message', (m: KernelWorkerResult | KernelWorkerFailure) => {
            if ('error' in m) reject(new KernelWorkerError(`kernel ${m.index} failed: ${m.error}`));
            else resolve(m);
          });
          worker.once('error', (err) => {
            reject(new KernelWorkerError(`kernel ${index}'s worker died: ${err.message}`));
          });
          worker.once('exit', (code) => {
            if (code !== 0) reject(new KernelWorkerError(`kernel ${index}'s worker exited with ${code}`));
          });
        });
      }),
    );
    results.sort((a, b) => a.index - b.index);
    return { hash: machineHash(results.map((r) => r.hash)), kernels: results, memory };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
