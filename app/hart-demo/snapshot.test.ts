// Tests of what the hart demo panel reads each frame: the instructions around pc, which
// registers changed, and the instruction rate; over a real hart running the demo program.
import { describe, expect, it } from 'vitest';
import { createTestHart } from '../../engine/hw/testing/test-hart';
import { DemoState, type HartDemo } from '../../engine/machine/hart-demo/hart-demo';
import { assembleDemoProgram, loadDemoProgram } from '../../engine/machine/hart-demo/program';
import { RAM_OFFSET } from '../../engine/hw/memory-map';
import { programListing, RateMeter, sameView, takeSnapshot } from './snapshot';

async function fakeDemo(): Promise<HartDemo> {
  const t = await createTestHart(1 << 20);
  const program = assembleDemoProgram();
  loadDemoProgram(program, t.pm.memory, t.hart);
  const fail = (): Promise<void> => Promise.reject(new Error('not in this test'));
  return {
    hart: t.hart,
    program,
    ramBytes: t.pm.ramBytes,
    expand: (h) => t.wasm.expandCompressed(h) >>> 0,
    state: () => DemoState.PAUSED,
    trapCause: () => 0,
    fetch: (pa) => t.view.getUint32(RAM_OFFSET + Number(pa), true),
    readU64: (pa) => t.view.getBigUint64(RAM_OFFSET + pa, true),
    run: fail,
    pause: fail,
    step: fail,
    reset: fail,
    dispose: () => undefined,
  };
}

describe('hart demo snapshot', () => {
  it('lists the instructions around pc with the one at pc current', async () => {
    const demo = await fakeDemo();
    const program = programListing(demo);
    expect(program[0]?.text).toBe('addi s0,zero,0');
    demo.hart.run(12);
    const s = takeSnapshot(demo, program, undefined, new RateMeter(), 0);
    expect(s.listing[s.current]?.pc).toBe(demo.hart.pc);
    expect(s.current).toBe(3);
  });

  it('lights the registers the last step changed, and keeps them lit while nothing moves', async () => {
    const demo = await fakeDemo();
    const program = programListing(demo);
    const meter = new RateMeter();
    demo.hart.run(8); // to the loop: next is add t0,a0,a1
    const before = takeSnapshot(demo, program, undefined, meter, 0);
    demo.hart.run(1);
    const after = takeSnapshot(demo, program, before, meter, 16);
    expect(after.changed.flatMap((c, i) => (c ? [i] : []))).toEqual([5]); // t0
    const idle = takeSnapshot(demo, program, after, meter, 32);
    expect(idle.changed).toEqual(after.changed);
    expect(sameView(after, idle)).toBe(true);
  });

  it('measures instructions per second over a sliding window', () => {
    const meter = new RateMeter(1000);
    expect(meter.sample(0, 0n)).toBe(0);
    expect(meter.sample(500, 50_000_000n)).toBeCloseTo(100);
    expect(meter.sample(1000, 100_000_000n)).toBeCloseTo(100);
    expect(meter.sample(3000, 500_000_000n)).toBeCloseTo(200, 0);
    expect(meter.sample(3100, 0n)).toBe(0); // a reset starts over
  });
});
