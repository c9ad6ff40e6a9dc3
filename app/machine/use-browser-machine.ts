// Boots the browser machine for the page and keeps it for as long as the page shows it:
// useBrowserMachine() returns where booting stands and a reset() that reboots the scenario
// (BrowserMachine.reset: new memory, new workers; after a failed boot, a fresh try). The
// machine starts with the speed and run state in the store.

import { useCallback, useEffect, useRef, useState } from 'react';
import { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import { takeEarlyBoot } from '../early-start';
import { usePlayground } from '../store';
import { MachineFrames } from './frames';

export type MachineBoot =
  | { status: 'booting' }
  | { status: 'ready'; machine: BrowserMachine; frames: MachineFrames }
  | { status: 'failed'; error: string };

export function useBrowserMachine(scenarioText: string): { boot: MachineBoot; reset: () => void } {
  const [boot, setBoot] = useState<MachineBoot>({ status: 'booting' });
  const resetRef = useRef<(() => void) | undefined>(undefined);
  useEffect(() => {
    let live = true;
    let current: { machine: BrowserMachine; frames: MachineFrames } | undefined;
    const adopt = (machine: BrowserMachine) => {
      if (!live) {
        machine.dispose(); // the page went away while it booted
        return;
      }
      const frames = new MachineFrames(machine);
      frames.start();
      current = { machine, frames };
      setBoot({ status: 'ready', machine, frames });
    };
    const failed = (err: unknown) => {
      if (live) setBoot({ status: 'failed', error: err instanceof Error ? err.message : String(err) });
    };
    const bootFresh = () => {
      const { speed, running } = usePlayground.getState();
      const early = takeEarlyBoot(scenarioText); // the entry point's, if it booted this scenario
      (early ?? BrowserMachine.boot({ scenarioText, speed, running, cores: navigator.hardwareConcurrency })).then(
        adopt,
        failed,
      );
    };
    // Under StrictMode (the dev server) this effect runs, is cleaned up and runs again at once:
    // booting from a microtask lets that cleanup cancel the first run before it starts a
    // machine, whose workers would boot alongside the second's and be thrown away.
    queueMicrotask(() => {
      if (live) bootFresh();
    });
    resetRef.current = () => {
      const old = current;
      current = undefined;
      setBoot({ status: 'booting' });
      if (!old) {
        bootFresh();
        return;
      }
      old.frames.stop();
      old.machine.reset().then(adopt, failed);
    };
    return () => {
      live = false;
      resetRef.current = undefined;
      current?.frames.stop();
      current?.machine.dispose();
    };
  }, [scenarioText]);
  const reset = useCallback(() => {
    resetRef.current?.();
  }, []);
  return { boot, reset };
}
