import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_NS as EPOCH_NS } from '../../engine/machine/quantum';
import { UtilisationMeter } from './utilisation';

describe('UtilisationMeter', () => {
  it('reports zero until time has passed', () => {
    const m = new UtilisationMeter(10);
    expect(m.sample(0, [0, 0])).toEqual([0, 0]);
  });

  it('divides busy time by the virtual time of the window', () => {
    const m = new UtilisationMeter(10);
    m.sample(0, [0, 0]);
    expect(m.sample(10, [10 * EPOCH_NS, 5 * EPOCH_NS])).toEqual([1, 0.5]);
  });

  it('forgets what happened before the window', () => {
    const m = new UtilisationMeter(10);
    m.sample(0, [0]);
    m.sample(10, [10 * EPOCH_NS]); // busy for the first ten epochs
    m.sample(20, [10 * EPOCH_NS]); // idle for the next ten
    expect(m.sample(30, [10 * EPOCH_NS])).toEqual([0]);
  });

  it('keeps the last figures while the machine is paused', () => {
    const m = new UtilisationMeter(10);
    m.sample(0, [0]);
    const busy = m.sample(4, [2 * EPOCH_NS]);
    expect(m.sample(4, [2 * EPOCH_NS])).toEqual(busy);
  });

  it('survives the 32-bit busy counter wrapping', () => {
    const m = new UtilisationMeter(10);
    m.sample(0, [2 ** 32 - EPOCH_NS]);
    expect(m.sample(2, [EPOCH_NS])).toEqual([1]);
  });

  it('starts over when the epoch count goes back (a reset machine)', () => {
    const m = new UtilisationMeter(10);
    m.sample(0, [0]);
    m.sample(50, [50 * EPOCH_NS]);
    m.sample(0, [0]);
    expect(m.sample(10, [0])).toEqual([0]);
  });
});
