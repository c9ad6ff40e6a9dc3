// The Web Worker entry of one kernel in the browser: the same job as kernel-worker.ts (which is
// Node's) but it runs for as long as the page lives. It boots its kernel of the scenario over
// the shared memory, then runs epochs forever: it waits at the pacing word until the page lets
// the next epoch run, runs it, publishes its telemetry and view board (every few epochs, and
// whenever the page may stop there: publishesAt) and meets the other kernels at the epoch
// barrier; with a protocol fault on, it also publishes its page copies before the barrier and
// checks the page invariants of its processes after it (invariant-board.ts). Its event loop is never free again after init, so it cannot be asked anything: it
// posts what a person typed (ScenarioKernel.recorded) as it records it, and the page keeps it
// for share links. The page stops it with terminate().

import { instantiateHart } from '../../hw/hart-module';
import type { TtyDevice } from '../../hw/tty-device';
import type { Ring } from '../../protocols/messaging/ring';
import { EpochBarrier } from '../epoch-barrier';
import { fetchNow } from './fetch-now';
import { ProgramStore } from '../program-store';
import { ScenarioKernel } from '../run-state';
import { parseScenario } from '../scenario';
import { PacingWord, publishesAt } from './pacing';
import type { KernelWebWorkerInit, KernelWebWorkerReport } from './protocol';
import { figuresOf } from './kernel-figures';
import { KernelViewWriter } from './view-board-writer';
import { RecentMessages } from './recent-messages';
import { RecentFrames } from './recent-frames';
import { MSG } from '../../protocols/messaging/message-types';
import type { MessageKeeper } from '../kernel-node';
import { TelemetryWriter } from './telemetry';
import { InvariantBoard } from '../invariant-board';

function report(message: KernelWebWorkerReport): void {
  postMessage(message);
}

/**
 * Output the page has not read yet, past which this kernel waits before its next epoch: the
 * kernel never waits for its terminal in virtual time (TtyDevice.spoolOutput), so a program that
 * writes faster than the page draws is held back here, in wall-clock time, instead.
 */
const TERMINAL_BACKLOG_LIMIT = 1 << 20;

function holdBackForTerminal(tty: TtyDevice, poll: () => void): void {
  tty.pumpOutput();
  while (tty.outputBacklog > TERMINAL_BACKLOG_LIMIT) {
    poll(); // the other kernels' messages still go in meanwhile
    tty.waitForOutputRead(1);
    tty.pumpOutput();
  }
}

async function boot(init: KernelWebWorkerInit): Promise<void> {
  const wasm = await instantiateHart(init.memory, init.module);
  const scenario = parseScenario(init.scenario);
  const holder: { kernel?: ScenarioKernel; board?: KernelViewWriter } = {};
  // the bodies of its latest messages, for the inspector (asked for at any time, paused too)
  const recent = new RecentMessages();
  // and the frames it sends through the switch, for the network view
  const frames = new RecentFrames();
  const keeper: MessageKeeper = {
    record(from, to, seq, type, body, sentAt, deliverAt) {
      recent.record(from, to, seq, type, body);
      if (type === MSG.NET_FRAME && from === init.index) frames.record(to, seq, sentAt, deliverAt, body);
    },
  };
  const poll = () => {
    holder.kernel?.poll();
    holder.board?.answerMessage(recent);
  };
  // programs load on first use: this thread fetches one it needs into the store itself (the
  // other kernels find it there), unless the page or another kernel is fetching it already;
  // should it fail, the page tries (and says why it cannot) while this thread waits
  const store = new ProgramStore(init.programs);
  const files = store.rootFiles((program) => {
    const url = init.programUrls[program];
    if (url !== undefined) {
      if (!store.claim(program)) return; // on its way
      const bytes = fetchNow(url);
      if (bytes instanceof Uint8Array) {
        const error = store.put(program, bytes); // bytes of the wrong size fail it (EIO), as the page's would
        if (error) console.warn(error);
        return;
      }
      store.release(program);
    }
    report({ kind: 'fetch', index: init.index, program });
  }, poll);
  const barrier = new EpochBarrier(init.memory);
  const kernel = new ScenarioKernel(init.memory, wasm, scenario, init.index, files, (ring: Ring) => {
    // a full ring empties only if its receiver runs: keep draining ours meanwhile, and wake the
    // receiver should it be waiting at the barrier
    poll();
    barrier.wakeWaiters();
    ring.waitForRoom(0.2);
  });
  holder.kernel = kernel;
  const pacing = new PacingWord(init.memory);
  const telemetry = new TelemetryWriter(init.memory, init.index);
  const board = new KernelViewWriter(init.memory, init.index);
  holder.board = board;
  // with a protocol fault on, the page invariants are checked after every epoch (invariant-board.ts)
  const invariants =
    scenario.faults.length > 0 ? new InvariantBoard(init.memory, scenario.machine.kernels.length) : undefined;
  report({ kind: 'ready', index: init.index });
  let published = 0;
  for (let epoch = 0; ; epoch++) {
    pacing.waitToRun(epoch, poll);
    if (kernel.everBooted) holdBackForTerminal(kernel.node.kernel.tty.device, poll);
    kernel.runEpoch(epoch);
    const checking = invariants && kernel.up ? invariants : undefined;
    checking?.publishCopies(kernel.node.services.migration.dist, epoch + 1);
    if (kernel.everBooted) kernel.node.recent ??= keeper;
    if (kernel.recorded.length > published) {
      report({ kind: 'recorded', index: init.index, inputs: kernel.recorded.slice(published) });
      published = kernel.recorded.length;
    }
    if (kernel.everBooted && publishesAt(epoch + 1, pacing.runTo())) {
      telemetry.publish(figuresOf(kernel, epoch + 1));
      if (kernel.up) {
        const { services } = kernel.node;
        board.publish(kernel.node.kernel, services.migration.dist, epoch + 1, recent, {
          inet: services.net.inet,
          switchDrops: services.net.counters.dropped,
          frames,
        });
      } else board.publishDown(epoch + 1); // crashed: nothing of it runs or shows
    }
    barrier.arrive(poll);
    checking?.check(kernel.node.services.migration.dist, epoch + 1); // every kernel's copies are published now
  }
}

self.onmessage = (event: MessageEvent<KernelWebWorkerInit>) => {
  const index = event.data.index;
  boot(event.data).catch((err: unknown) => {
    report({ kind: 'failed', index, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  });
};
