// The clocks a program reads: CLOCK_MONOTONIC and CLOCK_REALTIME never go back, though the
// harts of a kernel each stand at their own point of a tick.

import { describe, expect, it } from 'vitest';
import { bootKernel, spawnProcess } from '../fs/test-kernel';
import { clockNow } from './time';

const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;

describe('clocks', () => {
  it('a read is never earlier than the one before it on the kernel, whatever hart the reader is on', async () => {
    const k = await bootKernel();
    const t = spawnProcess(k);
    let hartTime = 5000;
    k.timeOf = () => hartTime; // a thread late in a tick on one hart...
    expect(clockNow(k, t, CLOCK_MONOTONIC)).toBe(5000);
    hartTime = 1200; // ...then woken on a hart not as far into it
    expect(clockNow(k, t, CLOCK_MONOTONIC)).toBe(5000);
    expect(clockNow(k, t, CLOCK_REALTIME)).toBe(k.realtimeBase + 5000);
    hartTime = 7000;
    expect(clockNow(k, t, CLOCK_MONOTONIC)).toBe(7000);
  });
});
