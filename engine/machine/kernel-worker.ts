// The worker entry of one kernel (worker_threads under Node): boots its kernel of the scenario
// over the shared memory and runs epochs in step with the other kernels through the epoch
// barrier, then reports its trace hash, its events if asked, and its log.

import { parentPort, workerData } from 'node:worker_threads';
import { instantiateHart } from '../hw/hart-module';
import { Doorbells } from '../protocols/messaging/doorbell';
import { EpochBarrier } from './epoch-barrier';
import { InvariantBoard } from './invariant-board';
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
  // with a protocol fault on (and the barrier kept), the page invariants are checked after every
  // epoch, as the page's kernels do (invariant-board.ts)
  const invariants =
    scenario.faults.length > 0 && !init.freeRunning
      ? new InvariantBoard(init.memory, scenario.machine.kernels.length)
      : undefined;
  for (let epoch = 0; epoch < init.epochs; epoch++) {
    const seen = doorbells.count(init.index);
    const busy = kernel.runEpoch(epoch);
    const checking = invariants && kernel.up ? invariants : undefined;
    checking?.publishCopies(kernel.node.services.migration.dist, epoch + 1);
    if (!init.freeRunning) barrier.arrive(poll);
    // free-running and idle: sleep with interrupts on until a message rings (or 1 ms)
    else if (!busy) doorbells.sleep(init.index, seen, 1);
    checking?.check(kernel.node.services.migration.dist, epoch + 1); // every kernel's copies are published now
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
