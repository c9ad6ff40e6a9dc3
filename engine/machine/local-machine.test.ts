import { describe, expect, it } from 'vitest';
import { COMMAND_ANSWER_SLOTS, COMMAND_SLOTS } from '../hw/memory-map';
import { EAGAIN, EBUSY, EINVAL, ESRCH } from '../kernels/errno';
import { createPhysicalMemory } from '../hw/physical-memory';
import { TtyDevice } from '../hw/tty-device';
import { loadUserlandFiles } from '../kernels/userland-files';
import { CommandMailbox } from './command-mailbox';
import { KernelStates } from './kernel-states';
import { LocalMachine } from './local-machine';
import { parseScenario } from './scenario';

const scenario = (extra = {}) =>
  parseScenario(
    JSON.stringify({
      version: 1,
      machine: { preset: 'two-kernels' },
      actions: [
        { at: 2_000_000, kind: 'type', kernel: 0, text: 'echo hi; ps\r' },
        { at: 2_000_000, kind: 'type', kernel: 1, text: 'mt 2 1000\r' },
      ],
      ...extra,
    }),
  );

describe('LocalMachine', () => {
  it('boots every kernel with a shell and checks the kernels in with each other', async () => {
    const m = await LocalMachine.boot(scenario(), await loadUserlandFiles());
    m.runUntil(10_000_000);
    for (const k of m.kernels) {
      const peers = k.node.services.nodeInfo.peers;
      expect([...peers.keys()]).toEqual(m.kernels.filter((o) => o !== k).map((o) => o.index));
      expect([...k.node.kernel.processes.values()].map((p) => p.comm)).toContain('sh');
    }
  });

  it('gives the same trace hash on five runs of the same scenario', async () => {
    const files = await loadUserlandFiles();
    const hashes: string[] = [];
    for (let run = 0; run < 5; run++) {
      const m = await LocalMachine.boot(scenario(), files);
      m.runUntil(20_000_000);
      hashes.push(m.hash());
    }
    expect(new Set(hashes).size).toBe(1);
    const other = await LocalMachine.boot(
      scenario({ actions: [{ at: 2_000_000, kind: 'type', kernel: 0, text: 'echo ho\r' }] }),
      files,
    );
    other.runUntil(20_000_000);
    expect(other.hash()).not.toBe(hashes[0]);
  });
});

describe('LocalMachine scenario programs', () => {
  it("says on the kernel's terminal when a scenario's program cannot start, as a shell would", async () => {
    const s = parseScenario(
      JSON.stringify({
        version: 1,
        programs: [{ kernel: 1, argv: ['nosuchprog', '3'], at: 1_000_000 }],
        actions: [{ at: 2_000_000, kind: 'start', kernel: 0, argv: ['/bin'] }],
      }),
    );
    const m = await LocalMachine.boot(s, await loadUserlandFiles());
    m.runUntil(4_000_000);
    const screen = (k: number) => new TextDecoder().decode(new TtyDevice(m.memory, k).drainOutput());
    expect(screen(1)).toContain('scenario: nosuchprog: not found\r\n');
    expect(screen(0)).toContain('scenario: /bin: Permission denied\r\n');
    expect(m.kernels[1]?.node.kernel.log.join('\n')).toMatch(/scenario: cannot start nosuchprog 3: ENOENT/);
  });
});

describe('LocalMachine boot order', () => {
  it('boots kernel 0 first, the others one epoch later (kexec), and a kernel on demand later', async () => {
    const s = parseScenario(
      JSON.stringify({
        version: 1,
        machine: { preset: 'kernel-per-hart' },
        actions: [{ at: 5_000_000, kind: 'boot', kernel: 3 }],
      }),
    );
    const m = await LocalMachine.boot(s, await loadUserlandFiles());
    expect(m.kernels.map((k) => k.up)).toEqual([true, false, false, false]);
    m.step();
    m.step();
    expect(m.kernels.map((k) => k.up)).toEqual([true, true, true, false]);
    expect(m.kernels[0]?.node.kernel.log.join('\n')).toMatch(/kexec: booting kernel 1 on harts 1/);
    m.runUntil(6_000_000);
    expect(m.kernels[3]?.up).toBe(true);
    m.runUntil(10_000_000);
    // the late kernel checked in: everyone knows it, and it knows everyone
    expect([...(m.kernels[0]?.node.services.nodeInfo.peers.keys() ?? [])].sort()).toEqual([1, 2, 3]);
    expect([...(m.kernels[3]?.node.services.nodeInfo.peers.keys() ?? [])].sort()).toEqual([0, 1, 2]);
  });

  it('stops a kernel for good and drops what is sent to it afterwards', async () => {
    const s = parseScenario(JSON.stringify({ version: 1, actions: [{ at: 3_000_000, kind: 'stop', kernel: 1 }] }));
    const m = await LocalMachine.boot(s, await loadUserlandFiles());
    m.runUntil(5_000_000);
    expect(m.kernels[1]?.up).toBe(false);
    const k0 = m.kernels[0]?.node;
    k0?.messenger.send(1, 20, new Uint8Array(4), k0.kernel.now);
    expect(k0?.messenger.droppedToDead).toBe(1);
  });
});

describe('recording what was typed', () => {
  it('stamps terminal input with the epoch it entered at, and replays it to the same hash', async () => {
    const files = await loadUserlandFiles();
    const base = { version: 1, machine: { preset: 'two-kernels' } };
    const live = await LocalMachine.boot(parseScenario(JSON.stringify(base)), files);
    const terminals = live.kernels.map((k) => new TtyDevice(live.memory, k.index));
    const typeAt: Array<[number, number, string]> = [
      [23, 0, 'echo typed-live\r'],
      [57, 1, 'ps\r'],
      [58, 1, 'mt 2 1000\r'],
    ];
    for (let epoch = 0; epoch < 150; epoch++) {
      for (const [at, kernel, text] of typeAt)
        if (at === epoch) terminals[kernel]?.type(new TextEncoder().encode(text));
      live.step();
    }
    const inputs = live.recordedInputs();
    expect(inputs.map((i) => [i.epoch, i.kernel, 'text' in i ? i.text : ''])).toEqual(typeAt);
    const replay = await LocalMachine.boot(parseScenario(JSON.stringify({ ...base, inputs })), files);
    replay.runUntil(live.now);
    expect(replay.hash()).toBe(live.hash());
    expect(new TextDecoder().decode(new TtyDevice(replay.memory, 0).drainOutput())).toContain('typed-live');
  });

  it('records a migration asked through the command mailbox, and a replay moves the thread at the same epoch', async () => {
    const files = await loadUserlandFiles();
    const base = {
      version: 1,
      machine: { preset: 'two-kernels' },
      shells: false,
      programs: [{ argv: ['primes', '3000000'] }],
    };
    const live = await LocalMachine.boot(parseScenario(JSON.stringify(base)), files);
    live.runUntil(3e6);
    const k0 = live.kernels[0]?.node.kernel;
    const primes = [...(k0?.processes.values() ?? [])].find((p) => p.comm === 'primes');
    expect(primes).toBeDefined();
    const tid = primes?.liveThreads[0]?.tid ?? 0;
    const mailbox = new CommandMailbox(live.memory, 0);
    expect(mailbox.post({ kind: 'migrate', tid, to: 1 })).toBeDefined();
    const asked = live.epoch;
    live.runUntil(8e6);
    expect(primes?.liveThreads[0]?.away, 'the thread runs on kernel 1').toBe(1);
    // at kernel 1 the sieve faults on page after page, each fetched from home: asked back, it
    // still goes (at a fault on a page it had not waited for)
    expect(mailbox.post({ kind: 'migrate', tid, to: 0 })).toBeDefined();
    const back = live.epoch;
    live.runUntil(12e6);
    expect(primes?.liveThreads[0]?.away, 'the thread is home again').toBe(-1);
    const inputs = live.recordedInputs();
    expect(inputs).toEqual([
      { epoch: asked, kernel: 0, migrate: { tid, to: 1 } },
      { epoch: back, kernel: 0, migrate: { tid, to: 0 } },
    ]);
    const replay = await LocalMachine.boot(parseScenario(JSON.stringify({ ...base, inputs })), files);
    replay.runUntil(live.now);
    expect(replay.hash()).toBe(live.hash());
  });

  it('passes on a migration for a thread that runs elsewhere, and answers the refusal of the kernel it runs on', async () => {
    const text = JSON.stringify({
      version: 1,
      machine: { preset: 'kernel-per-hart' },
      shells: false,
      programs: [{ argv: ['busy'] }],
    });
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles());
    m.runUntil(2e6);
    const mailbox = new CommandMailbox(m.memory, 0);
    const busy = [...(m.kernels[0]?.node.kernel.processes.values() ?? [])].find((p) => p.comm === 'busy');
    const tid = busy?.liveThreads[0]?.tid ?? 0;
    mailbox.post({ kind: 'migrate', tid, to: 1 });
    m.runUntil(m.now + 3e6);
    expect(busy?.liveThreads[0]?.away).toBe(1);
    // kernel 0 passes this one on to kernel 1, which finds kernel 2 gone by the time it arrives
    const ticket = mailbox.post({ kind: 'migrate', tid, to: 2 }) ?? -1;
    m.step();
    expect(mailbox.answerOf(ticket), 'taken by the origin').toBe(0);
    new KernelStates(m.memory).markDead(2);
    m.runUntil(m.now + 1e6);
    expect(mailbox.answerOf(ticket), 'refused where the thread runs').toBe(-EAGAIN);
    expect(busy?.liveThreads[0]?.away).toBe(1);
  });

  it('takes at most a ring of commands and refuses more until the kernel took them', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const mailbox = new CommandMailbox(memory, 3);
    let posted = 0;
    expect(mailbox.room()).toBe(COMMAND_SLOTS);
    while (mailbox.post({ kind: 'migrate', tid: 10 + posted, to: 0 }) !== undefined) posted++;
    expect(posted).toBe(COMMAND_SLOTS);
    expect(mailbox.room()).toBe(0);
    expect(mailbox.take().map((c) => [c.kind === 'migrate' ? c.tid : c.kind, c.ticket])).toEqual(
      Array.from({ length: posted }, (_, i) => [10 + i, i]),
    );
    expect(mailbox.take()).toEqual([]);
    expect(mailbox.room()).toBe(COMMAND_SLOTS);
    expect(mailbox.post({ kind: 'migrate', tid: 99, to: 2 })).toBe(posted);
    // a delay (exploring) is read back whole, a sequence number past 2^31 included
    expect(mailbox.post({ kind: 'delay', from: 1, seq: 2 ** 31 + 5, epochs: 50 })).toBe(posted + 1);
    expect(mailbox.take()).toEqual([
      { kind: 'migrate', tid: 99, to: 2, ticket: posted },
      { kind: 'delay', from: 1, seq: 2 ** 31 + 5, epochs: 50, ticket: posted + 1 },
    ]);
  });

  it("gives the page the kernel's answer to each command, by its ticket, until later answers take its slot", () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const mailbox = new CommandMailbox(memory, 2);
    const ticket = mailbox.post({ kind: 'migrate', tid: 5, to: 1 }) ?? -1;
    expect(mailbox.answerOf(ticket), 'not taken yet').toBeUndefined();
    mailbox.take();
    mailbox.answer(ticket, 0);
    expect(mailbox.answerOf(ticket)).toBe(0);
    mailbox.answer(ticket, -16); // refused later, by the kernel the thread had gone to
    expect(mailbox.answerOf(ticket)).toBe(-16);
    for (let i = 0; i < COMMAND_ANSWER_SLOTS; i++) mailbox.answer(ticket + 1 + i, 0);
    expect(mailbox.answerOf(ticket), 'forgotten once its slot was reused').toBeUndefined();
  });

  it('answers a migration asked from the page: taken, or refused with the reason', async () => {
    const m = await LocalMachine.boot(scenario({ actions: [] }), await loadUserlandFiles());
    m.runUntil(2e6);
    const mailbox = new CommandMailbox(m.memory, 0);
    const init = 1; // kernel 0's init: blocked in wait4 for its shell
    const taken = mailbox.post({ kind: 'migrate', tid: init, to: 1 }) ?? -1;
    const there = mailbox.post({ kind: 'migrate', tid: init, to: 0 }) ?? -1;
    const nobody = mailbox.post({ kind: 'migrate', tid: 999, to: 1 }) ?? -1;
    const nowhere = mailbox.post({ kind: 'migrate', tid: init, to: 7 }) ?? -1;
    m.step();
    expect([taken, there, nobody, nowhere].map((t) => mailbox.answerOf(t))).toEqual([0, -EBUSY, -ESRCH, -EINVAL]);
    m.runUntil(m.now + 2e6);
    const t = m.kernels[0]?.node.kernel.threads.get(init);
    expect(t?.away, 'a blocked thread waits until it next runs').toBe(-1);
    expect(t?.proposedNid).toBe(1);
  });
});
