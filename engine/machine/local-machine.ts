// A scenario's machine with every kernel in this thread: each epoch runs the kernels one
// after another. It gives exactly the run the one-worker-per-kernel machine gives (the
// determinism tests compare them), and it is what tests and `--workers 1` use.

import { instantiateHart } from '../hw/hart-module';
import { createPhysicalMemory } from '../hw/physical-memory';
import { epochNsOf } from './quantum';
import { coalesceInputs } from './recorded-inputs';
import { machineHash, ScenarioKernel } from './run-state';
import type { RecordedInput, Scenario } from './scenario';
import type { RootFiles } from '../kernels/kernel';
import { checkPageInvariants } from '../protocols/migration/page-invariants';

export class LocalMachine {
  epoch = 0;
  /** Called after every epoch (a capture taps kernels as they boot). */
  onStep: (() => void) | undefined;

  private constructor(
    readonly memory: WebAssembly.Memory,
    readonly kernels: ScenarioKernel[],
    /** One epoch of this machine (its quantum), in virtual ns. */
    readonly epochNs: number,
  ) {}

  static async boot(scenario: Scenario, files: RootFiles, keepTrace = false): Promise<LocalMachine> {
    const harts = scenario.machine.nodes.reduce((n, node) => n + node.harts, 0);
    const { memory } = createPhysicalMemory(scenario.machine.ramBytes, harts);
    const wasm = await instantiateHart(memory);
    wasm.buildTables();
    const kernels: ScenarioKernel[] = [];
    // in one thread a full ring can only be emptied by draining it on its receiver's behalf
    const drainAll = () => {
      for (const k of kernels) k.poll();
    };
    for (let i = 0; i < scenario.machine.kernels.length; i++) {
      kernels.push(new ScenarioKernel(memory, wasm, scenario, i, files, drainAll, keepTrace));
    }
    return new LocalMachine(memory, kernels, epochNsOf(scenario.machine));
  }

  get now(): number {
    return this.epoch * this.epochNs;
  }

  /** Runs one epoch on every kernel. */
  step(): void {
    for (const k of this.kernels) k.runEpoch(this.epoch);
    this.epoch++;
    this.onStep?.();
  }

  runUntil(ns: number): void {
    while (this.now < ns) this.step();
  }

  /** Everything typed at the terminals so far, as a scenario's `inputs` (replaying gives this run again). */
  recordedInputs(): RecordedInput[] {
    return coalesceInputs(this.kernels.flatMap((k) => k.recorded));
  }

  /**
   * The page invariants broken now, over every kernel (which only a machine in one thread can
   * see whole): only a scenario's protocol faults break them (engine/protocols/faults.ts).
   */
  brokenPageInvariants(): string[] {
    return checkPageInvariants(this.kernels.filter((k) => k.up).map((k) => k.node.services.migration));
  }

  /** What the kernels' services saw broken as it broke (a dropped futex wake), in kernel order. */
  violations(): string[] {
    return this.kernels
      .filter((k) => k.everBooted)
      .flatMap((k) => k.node.services.migration.dist.violations.map((v) => v.what));
  }

  hash(): string {
    return machineHash(this.kernels.map((k) => (k.everBooted ? k.node.kernel.tracer.hash() : '')));
  }
}
