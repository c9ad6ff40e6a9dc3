// Feeds the timeline model what each hart ran at the end of its kernel's last epoch, from the
// telemetry the kernels publish in shared memory (the same words the machine view reads), once
// per epoch a kernel completes. The model needs it because the kernels trace a thread coming
// onto a hart but not a preempted one leaving.

import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import type { TimelineModel } from './timeline-model';

export class HartSampler {
  /** Per kernel, the epoch count last sampled. */
  private readonly epochsSeen: number[];

  constructor(
    private readonly machine: Pick<BrowserMachine, 'telemetry' | 'failures' | 'epochNs'>,
    private readonly kernelHarts: readonly (readonly number[])[],
  ) {
    this.epochsSeen = kernelHarts.map(() => -1);
  }

  /** Samples every booted kernel that completed an epoch since the last call. */
  sample(model: TimelineModel): void {
    const { telemetry, failures, epochNs } = this.machine;
    this.kernelHarts.forEach((harts, k) => {
      const state = telemetry.state(k);
      if (state === 'down') return;
      // the epoch count first: the harts read after it are of that epoch or a later one
      const epochs = telemetry.kernel(k).epochs;
      if (epochs === this.epochsSeen[k]) return;
      this.epochsSeen[k] = epochs;
      const gone = state === 'dead' || failures[k] !== undefined;
      for (const h of harts) model.sample(h, gone ? 0 : telemetry.hart(h).tid, epochs * epochNs);
    });
  }
}
