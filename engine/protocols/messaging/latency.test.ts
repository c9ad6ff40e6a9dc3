import { describe, expect, it } from 'vitest';
import { deliveryTime, linkLatencyNs } from './latency';

describe('linkLatencyNs', () => {
  it('is 1 us per 10 units of NUMA distance plus 1 ns per 4 bytes', () => {
    expect(linkLatencyNs(10, 0)).toBe(1000);
    expect(linkLatencyNs(20, 0)).toBe(2000);
    expect(linkLatencyNs(20, 4096)).toBe(2000 + 1024);
  });
});

describe('deliveryTime', () => {
  it('is the modelled arrival when that falls after the epoch the message was sent in', () => {
    // a 5 us quantum: sent 1 us before the epoch ends, 2 us on the way
    expect(deliveryTime(9_000, 2_000, 5_000, 0)).toBe(11_000);
    // sent at an epoch start, as long on the way as an epoch: it arrives at the next start
    expect(deliveryTime(10_000, 5_000, 5_000, 0)).toBe(15_000);
  });

  it('is never within the epoch it was sent in: the next epoch start', () => {
    expect(deliveryTime(10_000, 2_000, 5_000, 0)).toBe(15_000);
    // the default quantum of 100 us: a round trip costs two epochs, whatever the model says
    expect(deliveryTime(0, 2_002, 100_000, 0)).toBe(100_000);
    expect(deliveryTime(100_000, 2_002, 100_000, 0)).toBe(200_000);
  });

  it('never before an earlier message to the same receiver (links are FIFO)', () => {
    expect(deliveryTime(9_000, 1_000, 5_000, 12_000)).toBe(12_000);
  });
});
