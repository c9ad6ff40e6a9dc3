// The machine's boot, started as early as the page can: index.html starts the kernel workers
// and compiles the hart while the app's scripts download (window.__popcornEarly), and the entry
// point (main.tsx) boots the default scenario before React's first render, when the URL carries
// no link (so the page will boot that scenario). useBrowserMachine takes that boot
// (takeEarlyBoot) instead of starting its own; the first prompt then waits neither for the
// page's first render nor for the workers' start after it.

import { BrowserMachine, type BrowserMachineOptions, type EarlyStart } from '../engine/machine/browser/browser-machine';

declare global {
  interface Window {
    /** What index.html started before the app's scripts ran (nothing when the page is not isolated, or has a link). */
    __popcornEarly?: { workers: NonNullable<EarlyStart['workers']>; hart: EarlyStart['hart'] | null };
  }
}

/** Takes over what index.html started (once): the workers and the hart are the machine's from now on. */
export function takeEarlyStart(): EarlyStart {
  const early = window.__popcornEarly;
  delete window.__popcornEarly;
  return early ? { workers: early.workers, hart: early.hart ?? undefined } : {};
}

let early: { scenarioText: string; machine: Promise<BrowserMachine> } | undefined;

/** Boots `options.scenarioText` now, for the page's machine to take (takeEarlyBoot). */
export function bootEarly(options: BrowserMachineOptions): void {
  const machine = BrowserMachine.boot(options);
  machine.catch(() => undefined); // the page says why when it takes it
  early = { scenarioText: options.scenarioText, machine };
}

/**
 * The boot bootEarly() started, if it was of `scenarioText` (once: a reset boots afresh); one of
 * another scenario is disposed of.
 */
export function takeEarlyBoot(scenarioText: string): Promise<BrowserMachine> | undefined {
  const taken = early;
  early = undefined;
  if (!taken) return undefined;
  if (taken.scenarioText === scenarioText) return taken.machine;
  taken.machine.then(
    (machine) => {
      machine.dispose();
    },
    () => undefined,
  );
  return undefined;
}
