// The worker entry of one kernel (worker_threads under Node): boots its kernel of the scenario
// over the shared memory and runs epochs in step with the other kernels through the epoch
// barrier, then reports its trace hash, its events if asked, and its log.

import { parentPort, workerData } from 'node:worker_threads';
import { instantiateHart } from '../hw/hart-module';
import { EpochBarrier } from './epoch-barrier';
import { ScenarioKernel, summarize } from './run-state';
import { parseScenario } from './scenario';
import type { KernelWorkerInit, KernelWorkerResult } from './worker-protocol';

const init = workerData as KernelWorkerInit;
try {
  const wasm = await instantiateHart(init.memory, init.module);
  const scenario = parseScenario(init.scenario);
  const barrier = new EpochBarrier(init.memory);
  const holder: { kernel?: ScenarioKernel } = {};
  const poll = () => holder.kernel?.poll();
  const kernel = new ScenarioKernel(
    init.memory,
    wasm,
    scenario,
    init.index,
    init.files,
    (ring) => {
      poll();
      ring.waitForRoom(0.2);
    },
    init.keepTrace,
  );
  for (let epoch = 0; epoch < init.epochs; epoch++) {
    kernel.runEpoch(epoch);
    if (!init.freeRunning) barrier.arrive(poll);
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
