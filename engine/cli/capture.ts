// `--pcap FILE`: the machine's LAN traffic as a pcap file that tshark and Wireshark read. Every
// frame is taken once, where it enters the switch (the sending kernel's NIC), stamped with the
// virtual time it was sent, and the file is written in time order when the run ends.

import { writeFileSync } from 'node:fs';
import type { Kernel } from '../kernels/kernel';
import { inetOf } from '../kernels/net/inet';
import type { LocalMachine } from '../machine/local-machine';
import { pcapFile } from '../machine/pcap';
import { UsageError } from './options';

export class Capture {
  private readonly records: { timeNs: number; frame: Uint8Array; order: number }[] = [];

  /** Checks now, before the run, that `path` can be written. */
  constructor(private readonly path: string) {
    try {
      writeFileSync(path, '');
    } catch (err) {
      throw new UsageError(`--pcap ${path}: ${(err as Error).message}`);
    }
  }

  private readonly tapped = new WeakSet<Kernel>();

  /** Taps the NIC of every kernel of `kernels` not tapped yet. */
  attach(kernels: readonly Kernel[]): void {
    for (const k of kernels) {
      if (this.tapped.has(k)) continue;
      this.tapped.add(k);
      inetOf(k).nic.tap = (timeNs, frame, direction) => {
        if (direction === 'tx') this.record(timeNs, frame);
      };
    }
  }

  /** Taps `m`'s kernels now and after every epoch (kernels boot, and boot again, as the run goes). */
  follow(m: LocalMachine): void {
    const tap = () => {
      this.attach(m.kernels.filter((k) => k.everBooted).map((k) => k.node.kernel));
    };
    tap();
    m.onStep = tap;
  }

  /** A frame that entered the switch from elsewhere (the host's port). */
  record(timeNs: number, frame: Uint8Array): void {
    this.records.push({ timeNs, frame: frame.slice(), order: this.records.length });
  }

  get frames(): number {
    return this.records.length;
  }

  /** Writes the file: the frames in the order they were sent (by virtual time, then as taken). */
  write(): void {
    const sorted = [...this.records].sort((a, b) => a.timeNs - b.timeNs || a.order - b.order);
    writeFileSync(this.path, pcapFile(sorted));
  }
}
