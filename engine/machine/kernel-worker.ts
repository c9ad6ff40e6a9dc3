// The worker entry of one kernel (worker_threads under Node): boots its kernel of the scenario
// over the shared memory and runs epochs in step with the other kernels through the epoch
// barrier, then reports its trace hash, its events if asked, and its log.

import { parentPort, workerData } from 'node:worker_threads';
import { instantiateHart } from '../hw/hart-module';
import { Doorbells } from '../protocols/messaging/doorbell';
import { EpochBarrier } from './epoch-barrier';
import { ProgramStore } from './program-store';
import { ScenarioKernel, summarize } from './run-state';
import { parseScenario } from './scenario';
import type { KernelWorkerFetch, KernelWorkerInit, KernelWorkerResult } from './worker-protocol';

const init = workerData as KernelWorkerInit;
try {
  const wasm = await instantiateHart(init.memory, init.module);
  const scenario = parseScenario(init.scenario);
  const barrier = new EpochBarrier(init.memory);
  const holder: { kernel?: ScenarioKernel } = {};
  const poll = () => holder.kernel?.poll();
  // programs in a store load on first use: the main thread fetches them while this one waits
  const lazy = init.programs
    ? new ProgramStore(init.programs).rootFiles((program) => {
        parentPort?.postMessage({ fetch: program } satisfies KernelWorkerFetch);
      }, poll)
    : {};
  const files = { ...lazy, ...init.files };
  const kernel = new ScenarioKernel(
    init.memory,
    wasm,
    scenario,
    init.index,
    files,
    (ring) => {
      poll();
      barrier.wakeWaiters(); // its receiver may be waiting at the barrier: it drains its ring now
      ring.waitForRoom(0.2);
    },
    init.keepTrace,
  );
  holder.kernel = kernel; // from here on, waiting (for the barrier, for room) drains this kernel's ring
  const doorbells = new Doorbells(init.memory);
  for (let epoch = 0; epoch < init.epochs; epoch++) {
    const seen = doorbells.count(init.index);
    const busy = kernel.runEpoch(epoch);
    if (!init.freeRunning) barrier.arrive(poll);
    // free-running and idle: sleep with interrupts on until a message rings (or 1 ms)
    else if (!busy) doorbells.sleep(init.index, seen, 1);
  }
  const k = kernel.everBooted ? kernel.node.kernel : undefined;
  const result: KernelWorkerResult = {
    index: init.index,
    hash: k?.tracer.hash() ?? '',
    events: k?.tracer.kept ?? [],
    log: k?.log ?? [],
    summary: summarize(kernel),
  };
  parentPort?.postMessage(result);
} catch (err) {
  parentPort?.postMessage({
    index: init.index,
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
}
