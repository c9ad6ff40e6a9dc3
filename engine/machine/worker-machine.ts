// A scenario's machine with one worker per kernel (worker_threads under Node): the kernels run
// in parallel on the host, in step through the epoch barrier, and report when done. A worker
// that dies is reported by kernel number, and the others run on without it.

import { Worker } from 'node:worker_threads';
import { compileHartModule, instantiateHart } from '../hw/hart-module';
import { createPhysicalMemory } from '../hw/physical-memory';
import { EpochBarrier } from './epoch-barrier';
import { KernelStates } from './kernel-states';
import { epochNsOf } from './quantum';
import { machineHash } from './run-state';
import type { Scenario } from './scenario';
import { ProgramFetcher } from './program-store';
import type { KernelWorkerFailure, KernelWorkerFetch, KernelWorkerInit, KernelWorkerResult } from './worker-protocol';

export interface WorkerRun {
  hash: string;
  /** The kernels that finished, in kernel order. */
  kernels: KernelWorkerResult[];
  /** Kernels whose worker failed or died, with why; the others ran on without them. */
  failures: KernelWorkerFailure[];
  /** The machine's memory after the run (TTY output can still be drained from it). */
  memory: WebAssembly.Memory;
}

export interface WorkerRunOptions {
  keepTrace?: boolean;
  /** Skip the epoch barrier (not deterministic; for measuring its cost). */
  freeRunning?: boolean;
  /** Called with the workers once started (tests use it to kill one). */
  afterStart?: (workers: Worker[], memory: WebAssembly.Memory) => void;
}

/**
 * Runs `scenario` for `untilNs` of virtual time with one worker per kernel. The programs are
 * given as bytes, or as a fetcher whose store the kernels load them from when they first need
 * them (as the page's kernels do), fetched as they ask.
 */
export async function runInWorkers(
  scenario: Scenario,
  scenarioText: string,
  files: Record<string, Uint8Array> | ProgramFetcher,
  untilNs: number,
  options: WorkerRunOptions = {},
): Promise<WorkerRun> {
  const harts = scenario.machine.nodes.reduce((n, node) => n + node.harts, 0);
  const { memory } = createPhysicalMemory(scenario.machine.ramBytes, harts);
  const module = await compileHartModule();
  (await instantiateHart(memory, module)).buildTables();
  const kernels = scenario.machine.kernels.length;
  const barrier = new EpochBarrier(memory);
  barrier.reset(kernels);
  const states = new KernelStates(memory);
  const epochs = Math.ceil(untilNs / epochNsOf(scenario.machine));
  const workers: Worker[] = [];
  const outcomes = Array.from({ length: kernels }, (_, index) => {
    const init: KernelWorkerInit = {
      memory,
      module,
      scenario: scenarioText,
      index,
      files: files instanceof ProgramFetcher ? {} : files,
      programs: files instanceof ProgramFetcher ? files.store.init : undefined,
      epochs,
      keepTrace: options.keepTrace ?? false,
      freeRunning: options.freeRunning ?? false,
    };
    const worker = new Worker(new URL('./kernel-worker-node.mjs', import.meta.url), { workerData: init });
    workers.push(worker);
    return new Promise<KernelWorkerResult | KernelWorkerFailure>((resolve) => {
      let settled = false;
      const failed = (why: string) => {
        if (settled) return;
        settled = true;
        // the others must neither wait for it at the barrier nor for room in its ring
        states.markDead(index);
        barrier.leave();
        resolve({ index, error: why });
      };
      worker.on('message', (m: KernelWorkerResult | KernelWorkerFailure | KernelWorkerFetch) => {
        if ('fetch' in m) {
          if (files instanceof ProgramFetcher) void files.fetch(m.fetch); // a failure is the kernel's EIO
        } else if ('error' in m) failed(m.error);
        else if (!settled) {
          settled = true;
          resolve(m);
        }
      });
      worker.once('error', (err) => {
        failed(`its worker died: ${err.message}`);
      });
      worker.once('exit', (code) => {
        failed(`its worker exited (code ${code}) before finishing`);
      });
    });
  });
  options.afterStart?.(workers, memory);
  try {
    const results = await Promise.all(outcomes);
    const finished = results.filter((r): r is KernelWorkerResult => !('error' in r));
    const failures = results.filter((r): r is KernelWorkerFailure => 'error' in r);
    return { hash: machineHash(finished.map((r) => r.hash)), kernels: finished, failures, memory };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
