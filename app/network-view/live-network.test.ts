import { describe, expect, it } from 'vitest';
import type { ViewFrame, ViewNic } from '../../engine/machine/browser/kernel-view';
import { LiveNetwork, type NetworkSource } from './live-network';

const NIC: ViewNic = {
  ip: 0x0a000001,
  mac: 0x020000000001,
  txFrames: 0,
  txBytes: 0,
  rxFrames: 0,
  rxBytes: 0,
  rxInterrupts: 0,
  rxPolls: 0,
  rxQueue: 0,
  rxQueuePeak: 0,
  drops: [],
  connections: [],
  framesSent: 0,
};

/** Two kernels whose boards the test sets; records the `since` each reading asked for. */
function source() {
  const boards: ({ nic: ViewNic; frames: ViewFrame[] } | undefined)[] = [undefined, undefined];
  const asked: number[][] = [[], []];
  let work: ((now: number) => void) | undefined;
  const src: NetworkSource = {
    machine: {
      scenario: { machine: { kernels: [{}, {}] } },
      network(k, since = 0) {
        asked[k]?.push(since);
        const b = boards[k];
        return b && { nic: b.nic, frames: b.frames.filter((f) => f.ordinal >= since) };
      },
    },
    onFrame(w) {
      work = w;
      return () => {
        work = undefined;
      };
    },
  };
  return { src, boards, asked, frame: (now: number) => work?.(now) };
}

describe('the network view’s live model', () => {
  it('reads every kernel each frame, from where it left off, and tells React at most every statsMs', () => {
    const { src, boards, asked, frame } = source();
    const live = new LiveNetwork(src, 200);
    const stop = live.attach();
    let told = 0;
    live.subscribe(() => told++);
    frame(0);
    expect(live.getSnapshot().nics).toEqual([undefined, undefined]);
    boards[1] = {
      nic: { ...NIC, ip: 0x0a000002 },
      frames: [{ from: 1, to: 0, seq: 1, ordinal: 0, sentAt: 5, deliverAt: 9, body: new Uint8Array(0) }],
    };
    frame(300);
    expect(told).toBe(1);
    const snap = live.getSnapshot();
    expect(snap.nics[1]?.ip).toBe(0x0a000002);
    expect(live.log.list()).toHaveLength(1);
    frame(350);
    expect(asked[1]?.at(-1)).toBe(1);
    boards[1] = { nic: { ...NIC, rxFrames: 3 }, frames: [] };
    frame(400); // too soon
    expect(told).toBe(1);
    frame(600);
    expect(told).toBe(2);
    expect(live.getSnapshot().nics[1]?.rxFrames).toBe(3);
    live.clear();
    expect(told).toBe(3);
    expect(live.getSnapshot().version).toBe(live.log.version);
    stop();
    frame(1000);
    expect(told).toBe(3);
  });
});
