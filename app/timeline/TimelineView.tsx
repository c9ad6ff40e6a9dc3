// The timeline panel: per kernel, a lane per hart showing the threads that ran on it over
// virtual time, with migration arrows between kernels; wheel to zoom, drag to pan, "Latest" to
// follow the machine again; a migration the reader caused is held in view until released. React renders only this shell; TimelineController draws the canvas
// every animation frame from the trace feed (never React state per event).

import { useEffect, useMemo, useRef, useState } from 'react';
import type { MachineFrames } from '../machine/frames';
import { useNarration } from '../narration/narration-store';
import { ViewTitle } from '../narration/ViewTitle';
import { TimelineController } from './timeline-controller';
import { layoutLanes } from './timeline-layout';
import './timeline.css';

export function TimelineView({ frames }: { frames: MachineFrames }) {
  const sectionRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const backgroundRef = useRef<HTMLCanvasElement>(null);
  const readoutRef = useRef<HTMLParagraphElement>(null);
  const controllerRef = useRef<TimelineController | null>(null);
  const [following, setFollowing] = useState(true);
  const kernels = frames.machine.scenario.machine.kernels;
  const layout = useMemo(() => layoutLanes(kernels.map((k) => k.harts)), [kernels]);

  useEffect(() => {
    const section = sectionRef.current;
    const canvas = canvasRef.current;
    const background = backgroundRef.current;
    const readout = readoutRef.current;
    if (!section || !canvas || !background || !readout) return;
    const controller = new TimelineController(frames, layout, { section, background, canvas, readout }, setFollowing);
    controllerRef.current = controller;
    return () => {
      controller.destroy();
      controllerRef.current = null;
      setFollowing(true);
    };
  }, [frames, layout]);

  // a migration the reader caused: hold it in view until released, then follow the clock again
  const lockedAt = useNarration((s) => s.lock?.move.exchange.start);
  const held = useRef(false);
  useEffect(() => {
    const controller = controllerRef.current;
    if (!controller) return;
    if (lockedAt !== undefined) {
      controller.hold(lockedAt);
      held.current = true;
    } else if (held.current) {
      held.current = false;
      controller.follow();
    }
  }, [lockedAt]);

  const harts = layout.lanes.length;
  return (
    <section ref={sectionRef} className="panel timeline" aria-label="timeline" data-testid="timeline">
      <div className="timeline-head">
        <ViewTitle view="timeline">Timeline</ViewTitle>
        <div className="timeline-controls" role="group" aria-label="Timeline zoom">
          <button
            type="button"
            title="Zoom out"
            aria-label="Zoom out"
            onClick={() => controllerRef.current?.zoomBy(0.5)}
          >
            −
          </button>
          <button type="button" title="Zoom in" aria-label="Zoom in" onClick={() => controllerRef.current?.zoomBy(2)}>
            +
          </button>
          <button
            type="button"
            title="Follow the latest time"
            disabled={following}
            onClick={() => controllerRef.current?.follow()}
          >
            Latest
          </button>
        </div>
      </div>
      <p className="caption">
        What each hart ran over virtual time, {harts} hart{harts === 1 ? '' : 's'} grouped by kernel. Bars take the
        colour of the kernel where the thread started; yellow arrows are migrations. Scroll to zoom, drag to pan, click
        a bar to inspect its thread.
      </p>
      <div className="timeline-canvas" style={{ height: layout.height }}>
        <canvas ref={backgroundRef} className="timeline-background" style={{ height: layout.height }} aria-hidden />
        <canvas
          ref={canvasRef}
          style={{ height: layout.height }}
          role="img"
          aria-label={`Timeline of the threads on ${harts} harts, with migrations between kernels`}
        />
      </div>
      <p ref={readoutRef} className="timeline-readout" />
    </section>
  );
}
