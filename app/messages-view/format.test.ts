import { describe, expect, it } from 'vitest';
import { MSG } from '../../engine/machine/browser/trace-events';
import { formatRate, shortTypeName } from './format';

describe('shortTypeName', () => {
  it('shortens the long words of Popcorn names', () => {
    expect(shortTypeName(MSG.REMOTE_PAGE_REQUEST)).toBe('PAGE_REQ');
    expect(shortTypeName(MSG.PAGE_INVALIDATE_RESPONSE)).toBe('PAGE_INVAL_RESP');
    expect(shortTypeName(MSG.PING)).toBe('PING');
  });

  it('keeps every known type distinct', () => {
    const types = Object.values(MSG);
    expect(new Set(types.map(shortTypeName)).size).toBe(types.length);
  });

  it('names unknown types by number', () => {
    expect(shortTypeName(999)).toBe('TYPE_999');
  });
});

describe('formatRate', () => {
  it('gives small rates more decimals', () => {
    expect(formatRate(0)).toBe('0');
    expect(formatRate(0.123)).toBe('0.12');
    expect(formatRate(3.456)).toBe('3.5');
    expect(formatRate(250.4)).toBe('250');
  });
});
