// React hooks for the hart demo: useHartDemo() boots the machine (and stops it on unmount);
// useHartSnapshot() reads it from shared memory every animation frame and re-renders only when
// something visible changed.

import { useEffect, useMemo, useRef, useState } from 'react';
import { startHartDemo, type HartDemo } from '../../engine/machine/hart-demo/hart-demo';
import { programListing, RateMeter, sameView, takeSnapshot, type HartSnapshot } from './snapshot';

export type DemoBoot =
  { status: 'starting' } | { status: 'ready'; demo: HartDemo } | { status: 'failed'; error: string };

export function useHartDemo(): DemoBoot {
  const [boot, setBoot] = useState<DemoBoot>({ status: 'starting' });
  useEffect(() => {
    let cancelled = false;
    let started: HartDemo | undefined;
    startHartDemo().then(
      async (demo) => {
        if (cancelled) {
          demo.dispose();
          return;
        }
        started = demo;
        setBoot({ status: 'ready', demo });
        await demo.run(); // the page opens with the hart running
      },
      (err: unknown) => {
        if (!cancelled) setBoot({ status: 'failed', error: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      cancelled = true;
      started?.dispose();
    };
  }, []);
  return boot;
}

export function useHartSnapshot(demo: HartDemo): HartSnapshot {
  const program = useMemo(() => programListing(demo), [demo]);
  const [snapshot, setSnapshot] = useState(() => takeSnapshot(demo, program, undefined, new RateMeter(), 0));
  const latest = useRef(snapshot);
  useEffect(() => {
    const meter = new RateMeter();
    let frame = 0;
    const tick = (now: number) => {
      const next = takeSnapshot(demo, program, latest.current, meter, now);
      if (!sameView(latest.current, next)) {
        latest.current = next;
        setSnapshot(next);
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
    };
  }, [demo, program]);
  return snapshot;
}
