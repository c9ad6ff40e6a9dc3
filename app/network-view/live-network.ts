// The network view's live model, outside React. Once per animation frame it reads every
// kernel's NIC and the frames it sent since the last reading off the view boards (shared
// memory, never postMessage) into the packet list, and tells React at most every statsMs.

import type { ViewFrame, ViewNic } from '../../engine/machine/browser/kernel-view';
import { PacketLog } from './packet-log';

/** What the model reads: a MachineFrames has all of it. */
export interface NetworkSource {
  readonly machine: {
    readonly scenario: { readonly machine: { readonly kernels: readonly unknown[] } };
    network(k: number, since?: number): { nic: ViewNic; frames: ViewFrame[] } | undefined;
  };
  onFrame(work: (now: number) => void): () => void;
}

export interface NetworkSnapshot {
  /** Per kernel: its card as last published (undefined before it has one, or while down). */
  nics: readonly (ViewNic | undefined)[];
  /** The packet list's version (PacketLog.version). */
  version: number;
  missed: number;
}

export class LiveNetwork {
  readonly log = new PacketLog();
  private snapshot: NetworkSnapshot;
  private nics: (ViewNic | undefined)[];
  private dirty = false;
  private lastTold = -Infinity;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly source: NetworkSource,
    private readonly statsMs = 200,
  ) {
    this.nics = source.machine.scenario.machine.kernels.map(() => undefined);
    this.snapshot = { nics: this.nics, version: 0, missed: 0 };
  }

  /** Reads the boards every frame until the returned function is called. */
  attach(): () => void {
    return this.source.onFrame((now) => {
      this.read(now);
    });
  }

  /** One frame's reading (the tests call it with their own clock). */
  read(now: number): void {
    const kernels = this.nics.length;
    for (let k = 0; k < kernels; k++) {
      const got = this.source.machine.network(k, this.log.since(k));
      if (!sameNic(this.nics[k], got?.nic)) {
        this.dirty = true;
        this.nics[k] = got?.nic;
      }
      if (got) this.log.add(k, got.frames);
    }
    if (this.log.version !== this.snapshot.version) this.dirty = true;
    if (this.dirty && now - this.lastTold >= this.statsMs) this.tell(now);
  }

  /** Forgets the packets listed so far. */
  clear(): void {
    this.log.clear();
    this.tell(this.lastTold);
  }

  private tell(now: number): void {
    this.dirty = false;
    this.lastTold = now;
    this.snapshot = { nics: [...this.nics], version: this.log.version, missed: this.log.missed };
    for (const l of this.listeners) l();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): NetworkSnapshot => this.snapshot;
}

/** Whether two readings of a card say the same (each reading is a new object). */
function sameNic(a: ViewNic | undefined, b: ViewNic | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
