// The timeline's imperative side, outside React: it feeds the model from the trace feed and from
// the harts' telemetry every animation frame, keeps the view on the latest time until the
// visitor pans (d3-zoom on the canvas), redraws the canvas only when something changed,
// selects the thread of a clicked bar, and publishes a summary for tests on the section's data
// attributes a few times a second.
//
// The view is a d3-zoom transform of a fixed base scale. While following, the view moves every
// frame without telling d3-zoom (setting its transform costs a layout read per call); d3-zoom
// is brought up to date just before it handles an input, so gestures start from what is shown.

import { select, type Selection } from 'd3-selection';
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import type { MachineFrames } from '../machine/frames';
import { usePlayground } from '../store';
import { readPalette, type Palette } from '../theme/palette';
import { subscribeTheme } from '../theme/theme';
import { drawBackground, drawTimeline, linearView } from './timeline-draw';
import { LABEL_WIDTH, ThreadPalette, type TimelineLayout } from './timeline-layout';
import { TimelineModel } from './timeline-model';
import { describeHit, hitTest, type Hit } from './timeline-pointer';
import { baseScale, followTransform, holdTransform, SCALE_EXTENT, type TimeScale } from './timeline-scale';
import { HartSampler } from './timeline-telemetry';

/** How often the test hooks (data attributes) are refreshed, wall ms. */
const HOOKS_EVERY_MS = 250;

export interface TimelineElements {
  section: HTMLElement;
  /** The lanes and their labels, redrawn only on resize. */
  background: HTMLCanvasElement;
  /** Runs, axis and arrows on top, redrawn when something moved; takes the pointer. */
  canvas: HTMLCanvasElement;
  readout: HTMLElement;
}

/** The inputs d3-zoom listens to: d3-zoom must know the view before it handles one. */
const ZOOM_INPUTS = ['wheel', 'mousedown', 'touchstart', 'dblclick'] as const;

export class TimelineController {
  private readonly model: TimelineModel;
  private readonly sampler: HartSampler;
  /** The theme's colours, and the threads' colours made from them (both anew with the theme). */
  private colours: Palette;
  private palette: ThreadPalette;
  private readonly zoomer: ZoomBehavior<HTMLCanvasElement, unknown>;
  private readonly canvasSel: Selection<HTMLCanvasElement, unknown, null, undefined>;
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly bgCtx: CanvasRenderingContext2D | null;
  private readonly stops: (() => void)[] = [];
  private readonly mono: string;
  private transform: ZoomTransform = zoomIdentity;
  /** The view moved (following) since d3-zoom was last told. */
  private zoomStale = false;
  private base: TimeScale = baseScale(0);
  private width = 0;
  private dpr = 1;
  private following = true;
  private dirty = true;
  private drawnVersion = -1;
  private selectedTid: number | undefined;
  private arrowsInView = 0;
  private skipped = 0;
  private hooksAt = -Infinity;

  constructor(
    private readonly frames: MachineFrames,
    private readonly layout: TimelineLayout,
    private readonly el: TimelineElements,
    private readonly onFollowing: (following: boolean) => void,
  ) {
    const kernelHarts = frames.machine.scenario.machine.kernels.map((k) => k.harts);
    this.model = new TimelineModel(kernelHarts);
    this.sampler = new HartSampler(frames.machine, kernelHarts);
    this.colours = readPalette();
    this.palette = new ThreadPalette(kernelHarts.length, this.colours.kernels);
    this.ctx = el.canvas.getContext('2d');
    this.bgCtx = el.background.getContext('2d');
    this.mono = getComputedStyle(el.section).getPropertyValue('--mono').trim() || 'monospace';
    this.selectedTid = usePlayground.getState().selectedThread?.tid;

    this.model.ingest(frames.trace.recent());
    this.stops.push(
      frames.trace.subscribe((events, skipped) => {
        this.model.ingest(events);
        this.skipped += skipped;
      }),
      frames.onFrame((now) => {
        this.frame(now);
      }),
      subscribeTheme(() => {
        this.colours = readPalette();
        this.palette = new ThreadPalette(kernelHarts.length, this.colours.kernels);
        this.paintBackground();
        this.dirty = true;
      }),
      usePlayground.subscribe((s) => {
        const tid = s.selectedThread?.tid;
        if (tid === this.selectedTid) return;
        this.selectedTid = tid;
        this.dirty = true;
      }),
    );

    this.zoomer = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent(SCALE_EXTENT)
      .on('zoom', (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        this.zoomed(event);
      });
    this.canvasSel = select(el.canvas);
    // registered before d3-zoom's own listeners, so these run first
    const sync = () => {
      this.syncZoom();
    };
    for (const type of ZOOM_INPUTS) el.canvas.addEventListener(type, sync, { capture: true, passive: true });
    this.canvasSel.call(this.zoomer);

    const resize = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) this.resize(w);
    });
    const wrap = el.canvas.parentElement ?? el.canvas;
    resize.observe(wrap);
    this.stops.push(() => {
      resize.disconnect();
    });
    this.resize(wrap.clientWidth);

    const click = (e: MouseEvent) => {
      this.click(e);
    };
    const hover = (e: MouseEvent) => {
      this.hover(e);
    };
    const leave = () => {
      el.readout.textContent = '';
    };
    el.canvas.addEventListener('click', click);
    el.canvas.addEventListener('mousemove', hover);
    el.canvas.addEventListener('mouseleave', leave);
    this.stops.push(() => {
      el.canvas.removeEventListener('click', click);
      el.canvas.removeEventListener('mousemove', hover);
      el.canvas.removeEventListener('mouseleave', leave);
      for (const type of ZOOM_INPUTS) el.canvas.removeEventListener(type, sync, { capture: true });
      this.canvasSel.on('.zoom', null);
    });
  }

  destroy(): void {
    for (const stop of this.stops) stop();
    this.stops.length = 0;
  }

  /** Zooms in (factor > 1) or out, about the right edge while following, else the middle. */
  zoomBy(factor: number): void {
    const right = this.base.range()[1] ?? 0;
    const x = this.following ? right : (LABEL_WIDTH + right) / 2;
    this.syncZoom();
    this.zoomer.scaleBy(this.canvasSel, factor, [x, 0]);
  }

  /** Back to following the latest time, at the current zoom. */
  follow(): void {
    this.setFollowing(true);
    this.dirty = true;
  }

  /**
   * Stops following and holds virtual time `ns` in view, a third of the way across, at the
   * current zoom: the views lock onto a migration the reader caused (narration-store.ts).
   */
  hold(ns: number): void {
    this.transform = holdTransform(this.transform, this.base, ns);
    this.zoomStale = true;
    this.dirty = true;
    this.setFollowing(false);
  }

  private setFollowing(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    this.onFollowing(following);
  }

  /** Tells d3-zoom the view, if following moved it. */
  private syncZoom(): void {
    if (!this.zoomStale) return;
    this.zoomStale = false;
    this.zoomer.transform(this.canvasSel, this.transform);
  }

  private zoomed(event: D3ZoomEvent<HTMLCanvasElement, unknown>): void {
    this.transform = event.transform;
    this.zoomStale = false;
    this.dirty = true;
    // a person's pan stops following; a wheel zoom while following zooms about the latest time
    const source: unknown = event.sourceEvent;
    if (source instanceof Event && !(source instanceof WheelEvent && this.following)) this.setFollowing(false);
  }

  /** Device pixels per CSS pixel of the canvas: the screen's, times the zoom of a maximised view (presenter mode). */
  private pixelRatio(): number {
    return (window.devicePixelRatio || 1) * (this.el.canvas.currentCSSZoom || 1);
  }

  private resize(width: number): void {
    const dpr = this.pixelRatio();
    if (width <= 0 || (width === this.width && dpr === this.dpr)) return;
    this.width = width;
    this.dpr = dpr;
    for (const canvas of [this.el.canvas, this.el.background]) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(this.layout.height * dpr);
    }
    this.base = baseScale(width);
    this.dirty = true;
    this.paintBackground();
  }

  private paintBackground(): void {
    if (!this.bgCtx || this.width <= 0) return;
    this.bgCtx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    drawBackground(this.bgCtx, this.width, this.layout, this.mono, this.colours);
  }

  private frame(now: number): void {
    if (this.pixelRatio() !== this.dpr) this.resize(this.width);
    this.sampler.sample(this.model);
    if (this.following) {
      const latest = Math.max(this.model.latest, this.frames.machine.now());
      const next = followTransform(this.transform, this.base, latest);
      if (next.x !== this.transform.x) {
        this.transform = next;
        this.zoomStale = true;
        this.dirty = true;
      }
    }
    if (this.dirty || this.model.version !== this.drawnVersion) this.draw();
    if (now - this.hooksAt >= HOOKS_EVERY_MS) {
      this.hooksAt = now;
      this.publishHooks();
    }
  }

  private scale(): TimeScale {
    return this.transform.rescaleX(this.base);
  }

  private draw(): void {
    const { ctx } = this;
    this.dirty = false;
    this.drawnVersion = this.model.version;
    if (!ctx || this.width <= 0) return;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const scale = this.scale();
    this.arrowsInView = drawTimeline({
      ctx,
      width: this.width,
      layout: this.layout,
      model: this.model,
      scale,
      ...linearView(scale),
      selectedTid: this.selectedTid,
      colourOf: this.palette.fill,
      labelColourOf: this.palette.label,
      mono: this.mono,
      palette: this.colours,
    });
  }

  private hit(e: MouseEvent): Hit {
    return hitTest(this.model, this.layout, this.scale(), e.offsetX, e.offsetY);
  }

  private click(e: MouseEvent): void {
    const { run } = this.hit(e);
    if (run) usePlayground.getState().selectThread({ pid: run.pid, tid: run.tid });
  }

  private hover(e: MouseEvent): void {
    const hit = this.hit(e);
    const text = describeHit(hit);
    if (this.el.readout.textContent !== text) this.el.readout.textContent = text;
    this.el.canvas.style.cursor = hit.run ? 'pointer' : '';
  }

  /** The summary end-to-end tests read instead of pixels. */
  private publishHooks(): void {
    const d = this.el.section.dataset;
    const set = (key: string, value: string) => {
      if (d[key] !== value) d[key] = value;
    };
    set('migrations', String(this.model.migrations().length));
    set('migrationsInView', String(this.arrowsInView));
    set(
      'threads',
      this.model
        .threads()
        .map((t) => `${t.pid}.${t.tid}`)
        .join(' '),
    );
    set('following', String(this.following));
    set('skipped', String(this.skipped));
  }
}
