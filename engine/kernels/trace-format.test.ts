import { describe, expect, it } from 'vitest';
import {
  accessCode,
  accessOf,
  EV,
  EVENT_NAMES,
  messageDelayOf,
  messageDeliverOf,
  messageSendOf,
  migrateOf,
  pageFaultOf,
  pageFetchOf,
  pageInvalidateOf,
  SYSCALL_BLOCKED,
  syscallOf,
  type TraceFields,
} from './trace-format';

const fields = (a: number, b = 0, c = 0, tid = 0): TraceFields => ({ a, b, c, tid });

describe('trace event fields', () => {
  it('gives each access one code and reads it back', () => {
    expect((['read', 'write', 'exec'] as const).map(accessCode)).toEqual([0, 1, 2]);
    for (const a of ['read', 'write', 'exec'] as const) expect(accessOf(accessCode(a))).toBe(a);
  });

  it('names every event kind once', () => {
    expect(EVENT_NAMES[EV.PAGE_INVALIDATE]).toBe('PAGE_INVALIDATE');
    expect(new Set(Object.values(EV)).size).toBe(Object.keys(EV).length);
  });

  it('reads what each kind keeps in a, b and c', () => {
    expect(syscallOf(fields(63, -11, SYSCALL_BLOCKED))).toEqual({ nr: 63, result: -11, blocked: true });
    expect(syscallOf(fields(64, 5, 0)).blocked).toBe(false);
    expect(pageFaultOf(fields(accessCode('exec'), 0x10000))).toEqual({ access: 'exec', address: 0x10000 });
    expect(pageFetchOf(fields(accessCode('write'), 0x2000))).toEqual({ access: 'write', page: 0x2000 });
    expect(pageInvalidateOf(fields(1, 0x3000, 7))).toEqual({ downgrade: true, page: 0x3000, pid: 7 });
    expect(pageInvalidateOf(fields(0, 0x3000, 7)).downgrade).toBe(false);
    expect(migrateOf(fields(2, 0))).toEqual({ from: 2, to: 0 });
    expect(messageSendOf(fields(40, 1, 5000, 9))).toEqual({ type: 40, to: 1, deliverAt: 5000, seq: 9 });
    expect(messageDeliverOf(fields(40, 0, 4000, 9))).toEqual({ type: 40, from: 0, sentAt: 4000, seq: 9 });
    expect(messageDelayOf(fields(40, 1, 7000, 9))).toEqual({ type: 40, from: 1, deliverAt: 7000, seq: 9 });
  });
});
