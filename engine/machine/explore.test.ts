// Exploring on a running machine: a message in flight held back by a recorded input (a delay,
// protocols/messaging/delays.ts) arrives that many epochs later, the protocols cope (pingpong
// still counts exactly, the page invariants hold after every epoch), and the run is the same in
// one thread and with one worker per kernel.
import { describe, expect, it } from 'vitest';
import { TtyDevice } from '../hw/tty-device';
import type { TraceEvent } from '../hw/trace-device';
import { loadUserlandFiles } from '../kernels/userland-files';
import { EV } from '../kernels/trace-format';
import { MSG } from '../protocols/messaging/message-types';
import { deliverFirst, deliveryOrder, type Delay, type LinkMessage } from '../protocols/messaging/delays';
import { EPOCH_NS } from './kernel-node';
import { LocalMachine } from './local-machine';
import { parseScenario } from './scenario';
import { runInWorkers } from './worker-machine';
import { CommandMailbox } from './command-mailbox';
import { EINVAL, ENOENT } from '../kernels/errno';

const base = {
  version: 1,
  name: 'explore',
  machine: { preset: 'two-kernels' },
  actions: [{ at: 1_000_000, kind: 'type', kernel: 0, text: 'pingpong 20\r' }],
};
const UNTIL = 80_000_000;
const EPOCHS = 5;

function kept(m: LocalMachine, kernel: number): TraceEvent[] {
  const k = m.kernels[kernel];
  return k?.everBooted ? (k.node.kernel.tracer.kept ?? []) : [];
}

/** Runs `m` to UNTIL checking the page invariants after every epoch; kernel 0's screen and what broke. */
function runChecking(m: LocalMachine): { screen: string; broken: string[] } {
  const broken: string[] = [];
  while (m.now < UNTIL) {
    m.step();
    if (broken.length < 5) broken.push(...m.brokenPageInvariants());
  }
  return { screen: new TextDecoder().decode(new TtyDevice(m.memory, 0).drainOutput()), broken };
}

describe('a message held back by a recorded delay', () => {
  it('arrives that many epochs later, the protocols cope, and one thread and N workers agree', async () => {
    const files = await loadUserlandFiles();
    // the run as it is: find the first page sent back to a faulting kernel (REMOTE_PAGE_RESPONSE)
    const plain = await LocalMachine.boot(parseScenario(JSON.stringify(base)), files, true);
    let page: { from: number; event: TraceEvent } | undefined;
    while (!page && plain.now < UNTIL) {
      plain.step();
      for (const k of plain.kernels) {
        const event = kept(plain, k.index).find((e) => e.kind === EV.MSG_SEND && e.a === MSG.REMOTE_PAGE_RESPONSE);
        if (event) page = { from: k.index, event };
      }
    }
    if (!page) throw new Error('pingpong sent no page');
    const { from, event } = page;
    const to = event.b;
    const epoch = Math.floor(event.time / EPOCH_NS) + 1; // in flight at this epoch's start
    const plainRun = runChecking(plain);
    expect(plainRun.screen).toMatch(/pingpong: 20 rounds, count 40, expected 40: ok/);

    const delayed = { ...base, inputs: [{ epoch, kernel: to, delay: { from, seq: event.tid, epochs: EPOCHS } }] };
    const text = JSON.stringify(delayed);
    const m = await LocalMachine.boot(parseScenario(text), files, true);
    const run = runChecking(m);
    // the receiver took the delay at that epoch's start, and the page arrived EPOCHS epochs late
    const until = event.c + EPOCHS * EPOCH_NS;
    const held = kept(m, to).find((e) => e.kind === EV.MSG_DELAY);
    expect(held).toMatchObject({
      time: epoch * EPOCH_NS,
      tid: event.tid,
      a: MSG.REMOTE_PAGE_RESPONSE,
      b: from,
      c: until,
    });
    const arrived = kept(m, to).find((e) => e.kind === EV.MSG_DELIVER && e.b === from && e.tid === event.tid);
    expect(arrived?.time).toBe(until);
    expect(m.kernels[to]?.node.kernel.log.join('\n')).toMatch(
      `explore: REMOTE_PAGE_RESPONSE (message ${event.tid} from kernel ${from}) held back ${EPOCHS} epochs`,
    );
    // the protocols coped: the count is exact, no invariant broke, and the run differs
    expect(run.broken).toEqual([]);
    expect(m.violations()).toEqual([]);
    expect(run.screen).toMatch(/pingpong: 20 rounds, count 40, expected 40: ok/);
    expect(m.hash()).not.toBe(plain.hash());
    // the kernel records the delay it took, so a share link replays it
    expect(m.recordedInputs()).toEqual([]); // replayed inputs are the scenario's, not recorded again
    // the same run with one worker per kernel
    const workers = await runInWorkers(parseScenario(text), text, files, UNTIL);
    expect(workers.kernels.map((k) => k.hash)).toEqual(m.kernels.map((k) => k.node.kernel.tracer.hash()));
    expect(workers.hash).toBe(m.hash());

    // a delay of a message not in flight at its epoch (delivered already) changes nothing, and says so
    const late = { ...base, inputs: [{ epoch: epoch + 2, kernel: to, delay: { from, seq: event.tid, epochs: 3 } }] };
    const same = await LocalMachine.boot(parseScenario(JSON.stringify(late)), files);
    same.runUntil(UNTIL);
    expect(same.hash()).toBe(plain.hash());
    expect(same.kernels[to]?.node.kernel.log.join('\n')).toMatch(
      `explore: message ${event.tid} from kernel ${from} is not in flight: not delayed`,
    );
  }, 120_000);
});

describe('a delay asked through the command mailbox (the page exploring)', () => {
  it('is answered, recorded with the epoch it was taken at, and a replay holds the same message back', async () => {
    const files = await loadUserlandFiles();
    const live = await LocalMachine.boot(parseScenario(JSON.stringify(base)), files, true);
    // run to an epoch with a message in flight: one sent in the epoch just run
    let sent: TraceEvent | undefined;
    let sender = 0;
    while (!sent && live.now < UNTIL) {
      live.step();
      for (const k of live.kernels)
        for (const e of kept(live, k.index))
          if (e.kind === EV.MSG_SEND && e.time >= live.now - EPOCH_NS && live.now > 2e6) {
            sent = e;
            sender = k.index;
          }
    }
    if (!sent) throw new Error('no message sent');
    const mailbox = new CommandMailbox(live.memory, sent.b);
    const taken = mailbox.post({ kind: 'delay', from: sender, seq: sent.tid, epochs: 2 });
    const gone = mailbox.post({ kind: 'delay', from: sender, seq: sent.tid + 1000, epochs: 2 }); // never sent
    const tooLong = mailbox.post({ kind: 'delay', from: sender, seq: sent.tid, epochs: 51 });
    const fromItself = mailbox.post({ kind: 'delay', from: sent.b, seq: 0, epochs: 1 });
    const asked = live.epoch;
    live.step();
    expect([taken, gone, tooLong, fromItself].map((t) => mailbox.answerOf(t ?? -1))).toEqual([
      0,
      -ENOENT,
      -EINVAL,
      -EINVAL,
    ]);
    live.runUntil(live.now + 10 * EPOCH_NS);
    const arrived = kept(live, sent.b).find((e) => e.kind === EV.MSG_DELIVER && e.b === sender && e.tid === sent.tid);
    expect(arrived?.time).toBe(sent.c + 2 * EPOCH_NS);
    // what no scenario could carry is not recorded; a message not in flight is (its replay says the same)
    const inputs = live.recordedInputs();
    expect(inputs).toEqual([
      { epoch: asked, kernel: sent.b, delay: { from: sender, seq: sent.tid, epochs: 2 } },
      { epoch: asked, kernel: sent.b, delay: { from: sender, seq: sent.tid + 1000, epochs: 2 } },
    ]);
    const replay = await LocalMachine.boot(parseScenario(JSON.stringify({ ...base, inputs })), files);
    replay.runUntil(live.now);
    expect(replay.hash()).toBe(live.hash());
  }, 60_000);
});

describe('deliver first, on a running machine', () => {
  it('the delays deliverFirst asks for put the chosen message before every other one in flight', async () => {
    const files = await loadUserlandFiles();
    // four kernels checking in with each other: many messages in flight at once, on many links
    const text = JSON.stringify({ version: 1, machine: { preset: 'kernel-per-hart' } });
    const m = await LocalMachine.boot(parseScenario(text), files, true);
    const events = () => m.kernels.flatMap((k) => kept(m, k.index).map((e) => ({ ...e, kernel: k.index })));
    /** Sent and not delivered, in delivery order. */
    const inFlight = (): LinkMessage[] => {
      const all = events();
      const delivered = new Set(all.filter((e) => e.kind === EV.MSG_DELIVER).map((e) => `${e.b}>${e.kernel}#${e.tid}`));
      return all
        .filter((e) => e.kind === EV.MSG_SEND && !delivered.has(`${e.kernel}>${e.b}#${e.tid}`))
        .map((e) => ({ from: e.kernel, to: e.b, seq: e.tid, deliverAt: e.c }))
        .sort(deliveryOrder);
    };
    // an epoch with a message that is not first in flight and may be delivered first
    let choice: { target: LinkMessage; delays: Delay[]; others: LinkMessage[] } | undefined;
    while (!choice && m.now < 20e6) {
      m.step();
      const flying = inFlight();
      for (const target of flying.slice(1).reverse()) {
        const r = deliverFirst(target, flying, EPOCH_NS);
        if ('delays' in r && r.delays.length > 1) {
          choice = { target, delays: r.delays, others: flying.filter((x) => x !== target) };
          break;
        }
      }
    }
    if (!choice) throw new Error('never two links in flight');
    for (const d of choice.delays)
      expect(new CommandMailbox(m.memory, d.to).post({ kind: 'delay', ...d })).toBeDefined();
    m.runUntil(m.now + 60 * EPOCH_NS);
    const deliveredAt = (x: LinkMessage) =>
      events().find((e) => e.kind === EV.MSG_DELIVER && e.kernel === x.to && e.b === x.from && e.tid === x.seq)?.time;
    const first = deliveredAt(choice.target);
    expect(first).toBe(choice.target.deliverAt); // on time
    // every other one after it in the delivery order (time, sender, sequence), as they came
    const asDelivered = (x: LinkMessage): LinkMessage => ({ ...x, deliverAt: deliveredAt(x) ?? Infinity });
    for (const other of choice.others)
      expect(deliveryOrder(asDelivered(other), asDelivered(choice.target)), JSON.stringify(other)).toBeGreaterThan(0);
    // and those that were before it were held back past it
    const ahead = choice.others.filter((x) => deliveryOrder(x, choice.target) < 0);
    expect(ahead.length).toBeGreaterThan(1);
    for (const x of ahead) expect(deliveredAt(x)).toBeGreaterThan(first ?? Infinity);
  }, 60_000);
});
