import { describe, expect, it } from 'vitest';
import { VIEW_OFFSET } from '../../hw/memory-map';
import { loadUserlandFiles } from '../../kernels/userland-files';
import { CommandMailbox } from '../command-mailbox';
import { LocalMachine } from '../local-machine';
import { parseScenario } from '../scenario';
import { disassembleAround } from './disassembly';
import { pageActivities } from '../../protocols/migration/page-activity';
import {
  KernelViewReader,
  KernelViewWriter,
  newestThreads,
  type ViewPageActivity,
  type ViewThread,
} from './kernel-view';

/** mt -s 2 on two kernels: two threads of kernel 0's process, one moved to kernel 1, writing shared pages. */
async function bootSharingMt(): Promise<LocalMachine> {
  const text = JSON.stringify({
    version: 1,
    machine: { preset: 'two-kernels' },
    shells: false,
    programs: [{ kernel: 0, at: 1_000_000, argv: ['mt', '-s', '2', '200000'] }],
  });
  return LocalMachine.boot(parseScenario(text), await loadUserlandFiles());
}

describe('view boards', () => {
  it('show where each thread runs, the inspected registers and who holds each page of the focused process', async () => {
    // mt -s 2: two threads of kernel 0's process, one moved to kernel 1, sharing pages
    const m = await bootSharingMt();
    const read = new KernelViewReader(m.memory);
    const writers = m.kernels.map((k) => new KernelViewWriter(m.memory, k.index));
    const publish = () => {
      m.kernels.forEach((k, i) => {
        writers[i]?.publish(k.node.kernel, k.node.services.migration.dist, m.epoch);
      });
    };
    m.runUntil(4e6);
    publish();
    const threads = [0, 1].flatMap((k) => read.threads(k)).filter((t) => t.comm === 'mt');
    const pid = threads[0]?.pid ?? 0;
    expect(threads.every((t) => t.pid === pid && t.origin === 0)).toBe(true);
    const onOne = threads.find((t) => t.kernel === 1);
    expect(onOne, 'a thread of mt runs on kernel 1').toBeDefined();
    expect(read.process(0, pid), 'nothing published before the page asks').toBeUndefined();

    read.requests.focusPid = pid;
    read.requests.inspectTid = onOne?.tid ?? 0;
    publish();
    const first = read.process(0, pid);
    m.step();
    publish(); // the page did not ask again: the pages stay as they were
    expect(read.process(0, pid)?.epoch).toBe(first?.epoch);
    read.requests.want();
    publish();
    const regs = read.registers(1, onOne?.tid ?? 0);
    const thread = m.kernels[1]?.node.kernel.threads.get(onOne?.tid ?? 0);
    expect(regs?.pc).toBe(thread?.pc);
    expect(regs?.x[2]).toBe(thread?.xBig(2)); // sp
    // the code around pc is the bytes of pc's page, as the thread's kernel maps it
    const pc = regs?.pc ?? 0;
    const page = pc - (pc % 4096);
    const bytes = thread?.process.mm.pageBytes(page) ?? new Uint8Array(0);
    const codeAt = regs?.codeAt ?? 0;
    expect(regs?.code.length).toBeGreaterThan(pc - codeAt);
    expect(regs?.code).toEqual(bytes.slice(codeAt - page, codeAt - page + (regs?.code.length ?? 0)));
    const lines = regs ? disassembleAround(regs) : [];
    expect(lines.filter((l) => l.atPc)).toHaveLength(1);
    expect(lines.find((l) => l.atPc)?.text).not.toMatch(/^\./); // a real instruction at pc
    expect(read.registers(0, onOne?.tid ?? 0), 'only the kernel that runs it publishes them').toBeUndefined();

    const home = read.process(0, pid);
    expect(home?.vmas.some((v) => v.kind === 'stack')).toBe(true);
    expect(home?.pages.length).toBe(home?.total);
    const shared = home?.pages.filter((p) => p.holders.includes(1)) ?? [];
    expect(shared.length, 'kernel 1 holds some of its pages').toBeGreaterThan(0);
    for (const p of home?.pages ?? []) if (p.writer >= 0) expect(p.holders).toEqual([p.writer]);
    expect(read.process(1, pid), 'only the origin publishes a process').toBeUndefined();
  });

  it('names the hart a thread runs on by its number in the machine, as the telemetry and the trace do', async () => {
    // two-kernels: kernel 0 owns harts 0 and 1, kernel 1 harts 2 and 3
    const text = JSON.stringify({
      version: 1,
      machine: { preset: 'two-kernels' },
      shells: false,
      programs: [{ kernel: 1, at: 100_000, argv: ['busy'] }],
    });
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles());
    m.runUntil(2e6);
    const k1 = m.kernels[1];
    if (k1) new KernelViewWriter(m.memory, 1).publish(k1.node.kernel, k1.node.services.migration.dist, m.epoch);
    const busy = new KernelViewReader(m.memory).threads(1).find((t) => t.comm === 'busy');
    expect(busy?.state).toBe('running');
    const slot = k1?.node.kernel.slots.find((s) => s.current?.process.comm === 'busy');
    expect(busy?.hart).toBe(slot?.hart.id);
    expect([2, 3]).toContain(busy?.hart);
  });

  it('shows the migration a thread waits to make, and the syscall a blocked one sleeps in', async () => {
    const text = JSON.stringify({ version: 1, machine: { preset: 'two-kernels' } });
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles());
    m.runUntil(2e6);
    const mailbox = new CommandMailbox(m.memory, 0);
    mailbox.post({ kind: 'migrate', tid: 1, to: 1 }); // init: blocked in wait4 for its shell
    m.runUntil(m.now + 1e6);
    const k0 = m.kernels[0];
    if (k0) new KernelViewWriter(m.memory, 0).publish(k0.node.kernel, k0.node.services.migration.dist, m.epoch);
    const [init, sh] = new KernelViewReader(m.memory).threads(0);
    expect(init).toMatchObject({ comm: 'init', state: 'blocked', blockedIn: 'wait4', movingTo: 1 });
    expect(sh).toMatchObject({ comm: 'sh', state: 'blocked', blockedIn: 'ppoll', movingTo: -1 }); // ash's line editor polls
  });

  it('gives the last list of threads while a board is being written, never an empty one', async () => {
    const text = JSON.stringify({ version: 1, machine: { preset: 'two-kernels' } });
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles());
    m.runUntil(2e6);
    const k0 = m.kernels[0];
    if (k0) new KernelViewWriter(m.memory, 0).publish(k0.node.kernel, k0.node.services.migration.dist, m.epoch);
    const read = new KernelViewReader(m.memory);
    const listed = read.threads(0);
    expect(listed.map((t) => t.comm)).toEqual(['init', 'sh']);
    const seq = new Int32Array(m.memory.buffer, VIEW_OFFSET, 1);
    Atomics.add(seq, 0, 1); // the writer is at it (odd), and stays there
    expect(read.threads(0)).toEqual(listed);
    expect(new KernelViewReader(m.memory).threads(0), 'a reader that never saw it has nothing').toEqual([]);
  });

  it("carries the step of each page's operation under way: for whom, and the kernels it waits for", async () => {
    // mt -s 2 on two kernels: its threads write shared pages, so pages are recalled and invalidated
    const m = await bootSharingMt();
    const read = new KernelViewReader(m.memory);
    const home = m.kernels[0];
    const writer = new KernelViewWriter(m.memory, 0);
    m.runUntil(3e6);
    const dist = home?.node.services.migration.dist;
    const st = dist && [...dist.origins.values()].find((o) => o.p.comm === 'mt');
    if (!home || !dist || !st) throw new Error('mt is not distributed yet');
    read.requests.focusPid = st.p.pid;
    const seen = new Set<string>();
    for (let i = 0; i < 400 && !(seen.has('recall') && seen.has('invalidate')); i++) {
      m.step();
      read.requests.want();
      writer.publish(home.node.kernel, dist, m.epoch);
      const board = read.process(0, st.p.pid);
      const shown = new Map<number, ViewPageActivity>();
      for (const p of board?.pages ?? []) {
        expect(p.busy).toBe(p.activity !== undefined);
        if (p.activity) shown.set(p.va, p.activity);
      }
      const expected = new Map(
        [...pageActivities(dist, st)].map(([va, a]) => [va, { ...a, awaiting: [...a.awaiting].sort((x, y) => x - y) }]),
      );
      expect(shown).toEqual(expected);
      for (const a of shown.values()) seen.add(a.step);
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['invalidate', 'recall']));
  });
});

describe('the threads of every board as one list', () => {
  const thread = (tid: number, kernel: number, state: ViewThread['state']): ViewThread => ({
    pid: tid,
    tid,
    origin: 1,
    kernel,
    state,
    hart: -1,
    pc: 0,
    cpuNs: 0,
    syscalls: 0,
    comm: 'busy',
    movingTo: -1,
    blockedIn: '',
  });

  it('lists a thread that just moved once, as the board published later shows it', () => {
    // kernel 1 published before the thread left it, kernel 0 after it came
    const left = { epoch: 48, threads: [thread(2, 1, 'blocked'), thread(6, 1, 'running')] };
    const reached = { epoch: 56, threads: [thread(1, 0, 'blocked'), thread(6, 0, 'runnable')] };
    for (const boards of [
      [reached, left],
      [left, reached],
    ]) {
      const threads = newestThreads(boards);
      expect(threads.map((t) => [t.tid, t.kernel, t.state])).toEqual([
        [1, 0, 'blocked'],
        [2, 1, 'blocked'],
        [6, 0, 'runnable'],
      ]);
    }
  });
});

describe('view boards: open files', () => {
  it("list the focused process's descriptors, with the kernel each file lives on", async () => {
    const { bootMachineConsole } = await import('../../protocols/ssi/test-machine');
    const c = await bootMachineConsole('two-kernels');
    c.type(1, 'cat > /tmp/held\r');
    const k1 = c.node(1);
    let cat;
    for (let i = 0; i < 200 && !cat; i++) {
      c.machine.step();
      cat = [...k1.kernel.processes.values()].find((p) => p.comm === 'cat' && p.fds.get(1)?.path === '/tmp/held');
    }
    if (!cat) throw new Error('cat did not start');
    const read = new KernelViewReader(c.machine.memory);
    read.requests.focusPid = cat.pid;
    read.requests.want();
    new KernelViewWriter(c.machine.memory, 1).publish(k1.kernel, k1.services.migration.dist, c.machine.epoch);
    const files = read.process(1, cat.pid)?.files ?? [];
    // its terminal is kernel 1's own; the file it writes is the machine's, held by kernel 0
    expect(files.find((f) => f.fd === 0)).toMatchObject({ home: 1, shared: false });
    expect(files.find((f) => f.fd === 1)).toEqual({ fd: 1, path: '/tmp/held', home: 0, shared: true });
  });
});
