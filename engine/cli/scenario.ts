// `popcorn scenario FILE|LINK [--workers N] [--until T] [--trace OUT] [--free-running]`: runs a
// scenario headless, in one thread (--workers 1) or with one worker per kernel, prints what each
// kernel did and its console's last lines, and ends with the machine's trace hash. With
// --free-running (workers only) the kernels skip the epoch barrier: faster, not reproducible.
// LINK is a playground share link (anything ending in `#z=...`, or an old `#s=...`): without
// --until it runs to the epoch the link was shared at and checks that it reaches the hash the
// page showed there.

import { readFileSync, writeFileSync } from 'node:fs';
import { TtyDevice } from '../hw/tty-device';
import type { TraceEvent } from '../hw/trace-device';
import { chromeTrace } from '../machine/chrome-trace';
import { Capture } from './capture';
import { LocalMachine } from '../machine/local-machine';
import { InvariantBoard } from '../machine/invariant-board';
import { describeBroken } from '../protocols/migration/page-invariants';
import { summarize } from '../machine/run-state';
import { DEFAULT_QUANTUM_US, epochNsOf } from '../machine/quantum';
import { parseScenario, ScenarioError } from '../machine/scenario';
import { decodeScenarioUrl, scenarioUrlAt } from '../machine/scenario-url';
import { loadUserlandFiles } from '../kernels/userland-files';
import { runInWorkers } from '../machine/worker-machine';
import type { KernelSummary } from '../machine/worker-protocol';
import { MAX_KERNELS } from '../hw/memory-map';
import { duration, parseOptions, UsageError, wantsHelp, wholeNumber } from './options';
import { SCENARIO_USAGE } from './usage';

/**
 * Runs `m` to `until` checking the page invariants after every epoch: the first few broken,
 * with the epoch each was seen at, then what the services saw broken as it broke.
 */
function runChecking(m: LocalMachine, until: number): string[] {
  const seen = new Map<string, number>(); // each broken invariant, with the epoch it was first seen at
  while (m.now < until) {
    m.step();
    if (seen.size < 5) for (const e of m.brokenPageInvariants()) if (!seen.has(e)) seen.set(e, m.epoch);
  }
  return [...[...seen].map(([e, epoch]) => `at epoch ${epoch}: ${e}`), ...m.violations()];
}

export async function scenarioCommand(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(SCENARIO_USAGE);
    return 0;
  }
  const { values, positionals } = parseOptions({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      workers: { type: 'string', default: '1' },
      until: { type: 'string' },
      trace: { type: 'string' },
      pcap: { type: 'string' },
      'free-running': { type: 'boolean', default: false },
    },
  });
  const [file, extra] = positionals;
  if (!file) throw new UsageError('no scenario file or link given');
  if (extra !== undefined) throw new UsageError(`one scenario at a time (got '${file}' and '${extra}')`);
  let until = duration(values.until ?? '100ms', 'until');
  const workers = wholeNumber(values.workers, 'workers', 1, MAX_KERNELS);
  if (values['free-running'] && workers === 1)
    throw new UsageError('--free-running needs --workers 2 or more (one worker per kernel)');
  if (values.trace !== undefined) {
    try {
      writeFileSync(values.trace, ''); // find out now, not after the run, that it cannot be written
    } catch (err) {
      throw new UsageError(`--trace ${values.trace}: ${(err as Error).message}`);
    }
  }
  if (values.pcap !== undefined && workers !== 1)
    throw new UsageError(
      '--pcap needs the machine in one thread (--workers 1): the switch is tapped where frames enter it',
    );
  const capture = values.pcap === undefined ? undefined : new Capture(values.pcap);
  let text: string;
  let scenario;
  try {
    const link = scenarioUrlAt(file);
    if (link >= 0) ({ scenarioText: text, scenario } = await decodeScenarioUrl(file.slice(link).trim()));
    else {
      text = readFileSync(file, 'utf8');
      scenario = parseScenario(text);
    }
  } catch (err) {
    if (err instanceof ScenarioError) {
      console.error(`popcorn scenario: ${file.length > 60 ? 'the link' : file}: ${err.message}`);
      return 2;
    }
    console.error(`popcorn scenario: cannot read ${file}: ${(err as Error).message}`);
    return 2;
  }
  const shared = scenario.sharedAt;
  const epochNs = epochNsOf(scenario.machine); // epoch numbers (a shared point's) count the scenario's quantum
  if (shared && values.until === undefined) until = shared.epoch * epochNs;
  const files = await loadUserlandFiles();
  const keepTrace = values.trace !== undefined;
  let hash: string;
  let summaries: Array<{ index: number; summary: KernelSummary }>;
  let events: TraceEvent[][];
  let memory: WebAssembly.Memory;
  let failed = false;
  const started = performance.now();
  let broken: string[] | undefined;
  // messages a person held back while exploring: the run shows whether the protocols coped
  const delays = scenario.inputs.flatMap((i) => ('delay' in i ? [{ ...i.delay, to: i.kernel, epoch: i.epoch }] : []));
  const checking = scenario.faults.length > 0 || delays.length > 0;
  if (workers === 1) {
    const m = await LocalMachine.boot(scenario, files, keepTrace);
    capture?.follow(m);
    if (checking) broken = runChecking(m, until);
    else m.runUntil(until);
    hash = m.hash();
    summaries = m.kernels.map((k) => ({ index: k.index, summary: summarize(k) }));
    events = m.kernels.map((k) => (k.everBooted ? (k.node.kernel.tracer.kept ?? []) : [])); // a kernel may boot later
    memory = m.memory;
  } else {
    const run = await runInWorkers(scenario, text, files, until, { keepTrace, freeRunning: values['free-running'] });
    for (const f of run.failures)
      console.error(`popcorn scenario: kernel ${f.index} failed, the others ran on: ${f.error}`);
    hash = run.hash;
    summaries = run.kernels.map((k) => ({ index: k.index, summary: k.summary }));
    events = run.kernels.map((k) => k.events);
    memory = run.memory;
    failed = run.failures.length > 0;
    if (scenario.faults.length > 0 && !values['free-running']) {
      // what each kernel's worker found after every epoch, from the invariant boards
      const board = new InvariantBoard(memory, scenario.machine.kernels.length);
      broken = scenario.machine.kernels
        .flatMap((_, k) => board.broken(k))
        .sort((a, b) => a.epoch - b.epoch || a.kernel - b.kernel)
        .map((b) => `at epoch ${b.epoch}: ${describeBroken(b)}`);
    }
  }
  const wallMs = performance.now() - started;
  capture?.write();
  const ran = Math.ceil(until / epochNs) * epochNs; // whole epochs
  const quantum = scenario.machine.quantumUs ?? DEFAULT_QUANTUM_US;
  console.log(
    `scenario ${scenario.name}: ${scenario.machine.kernels.length} kernels, ${(ran / 1e6).toFixed(1)} ms of virtual time in ${wallMs.toFixed(0)} ms (${workers === 1 ? 'one thread' : 'one worker per kernel'}${quantum === DEFAULT_QUANTUM_US ? '' : `, quantum ${quantum} us`})`,
  );
  summaries.forEach(({ index: i, summary: s }) => {
    const harts = scenario.machine.kernels[i]?.harts.join(',') ?? '';
    console.log(
      `kernel ${i} (harts ${harts}): ${s.processes} processes, ${s.instructions} instructions, ${s.syscalls} syscalls, ${s.pageFaults} page faults, messages ${s.messagesSent} sent / ${s.messagesReceived} received`,
    );
    const screen = new TextDecoder().decode(new TtyDevice(memory, i).drainOutput());
    const lines = screen
      .replace(/\r/g, '')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-3);
    for (const line of lines) console.log(`  | ${line}`);
  });
  if (values.trace !== undefined) {
    writeFileSync(values.trace, chromeTrace(events, until));
    console.log(`trace: ${events.reduce((n, e) => n + e.length, 0)} events written to ${values.trace}`);
  }
  if (delays.length > 0) {
    console.log(`messages held back (exploring): ${delays.length}`);
    for (const d of delays.slice(0, 5))
      console.log(
        `  at epoch ${d.epoch}: message ${d.seq} from kernel ${d.from} to kernel ${d.to}, ${d.epochs} epochs`,
      );
  }
  if (checking) {
    if (scenario.faults.length > 0) console.log(`protocol faults on: ${scenario.faults.join(', ')}`);
    if (!broken)
      console.log(
        scenario.faults.length > 0
          ? '  (the invariants are not checked free-running)'
          : '  (with messages held back, the invariants are checked in one thread only: --workers 1)',
      );
    else if (broken.length === 0) console.log('  no invariant broken yet');
    else for (const b of broken.slice(0, 5)) console.log(`  invariant broken: ${b}`);
  }
  console.log(`trace hash: ${hash}`);
  if (shared && until === shared.epoch * epochNs) {
    const same = hash === shared.hash;
    console.log(
      `shared at epoch ${shared.epoch} with trace hash ${shared.hash}: ${same ? 'the same run' : 'a DIFFERENT run'}`,
    );
    if (!same) return 1;
  }
  return failed ? 1 : 0;
}
