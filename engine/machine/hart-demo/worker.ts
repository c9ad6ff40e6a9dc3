// The hart demo's worker entry: owns the hart while the page runs it. It interprets the guest in
// slices of DEMO_SLICE instructions and yields to its event loop between slices, so comlink
// commands (pause, step, reset) are served while it runs. It never posts machine state: the page
// reads registers straight from the shared memory.

import * as Comlink from 'comlink';
import { Hart } from '../../hw/hart';
import { instantiateHart } from '../../hw/hart-module';
import { STOP_BUDGET } from '../../hw/trap-codes';
import { assembleDemoProgram, loadDemoProgram } from './program';
import { DEMO_HART, DEMO_SLICE, DemoState, STATUS_CAUSE, STATUS_STATE, type HartDemoWorkerApi } from './types';

let hart: Hart | undefined;
let memory: WebAssembly.Memory | undefined;
let status: Int32Array = new Int32Array(2);
/** Bumped by every command, so a run loop started earlier notices it is stale and ends. */
let generation = 0;
const program = assembleDemoProgram();

// A message to ourselves is a task with no timer clamping: the cheapest way to let queued
// commands run between two slices.
const channel = new MessageChannel();
let resume: (() => void) | undefined;
channel.port2.onmessage = () => {
  resume?.();
};
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    resume = resolve;
    channel.port1.postMessage(null);
  });
}

function setState(state: DemoState, cause = 0): void {
  Atomics.store(status, STATUS_CAUSE, cause);
  Atomics.store(status, STATUS_STATE, state);
}

function ready(): Hart {
  if (!hart) throw new Error('hart demo: init() first');
  return hart;
}

/** Runs `budget` instructions; on a trap records it and stops. Returns false when it trapped. */
function slice(h: Hart, budget: number): boolean {
  const stop = h.run(budget);
  if (stop === STOP_BUDGET) return true;
  setState(DemoState.TRAPPED, stop);
  return false;
}

async function runLoop(h: Hart, mine: number): Promise<void> {
  while (mine === generation && slice(h, DEMO_SLICE)) await yieldToEvents();
}

const api: HartDemoWorkerApi = {
  async init(mem, module, statusBuffer) {
    memory = mem;
    status = new Int32Array(statusBuffer);
    hart = new Hart(DEMO_HART, mem, await instantiateHart(mem, module));
    api.reset();
  },
  run() {
    const h = ready();
    if (Atomics.load(status, STATUS_STATE) !== DemoState.PAUSED) return;
    const mine = ++generation;
    setState(DemoState.RUNNING);
    void runLoop(h, mine);
  },
  pause() {
    generation++;
    if (Atomics.load(status, STATUS_STATE) === DemoState.RUNNING) setState(DemoState.PAUSED);
  },
  step() {
    const h = ready();
    api.pause();
    if (Atomics.load(status, STATUS_STATE) === DemoState.PAUSED) slice(h, 1);
  },
  reset() {
    const h = ready();
    generation++;
    loadDemoProgram(program, memory as WebAssembly.Memory, h);
    setState(DemoState.PAUSED);
  },
};

Comlink.expose(api);
