// MAP_SHARED memory on the replicated-kernel machine. Within one kernel it is one set of frames
// for every process that maps it (engine/kernels/mm/shared-memory.ts). The page protocol keeps
// pages coherent per process, not per shared object yet, so a thread whose process maps shared
// memory stays on its kernel: its move is refused with EOPNOTSUPP (migration-machine.ts,
// SHARES_MEMORY) instead of leaving two processes each with their own copy, waiting for each
// other for ever. These tests run the demo, shmring, whose consumer tries to move to kernel 1.

import { describe, expect, it } from 'vitest';
import { bootMachineConsole } from '../ssi/test-machine';

const RING = 'shmring: 2000 items through a 64-slot ring: received 2000 in order, sum 1000049102481: ok';

describe('MAP_SHARED between processes on the machine', () => {
  it('on one kernel: the producer and the consumer exchange every item, in order', async () => {
    const c = await bootMachineConsole('smp');
    const out = c.command(0, 'shmring 2000');
    expect(out).toContain(RING);
    expect(c.command(0, 'echo $?')).toBe('0\r\n');
  });

  it('on two kernels: the consumer is not moved (EOPNOTSUPP) and the result is the same', async () => {
    const c = await bootMachineConsole('two-kernels');
    const out = c.command(0, 'shmring 2000');
    expect(out).toContain('shmring: cannot move the consumer to kernel 1: Operation not supported');
    expect(out).toContain('shmring: consumer on kernel 0, producer on kernel 0');
    expect(out).toContain(RING);
    expect(c.command(0, 'echo $?')).toBe('0\r\n');
    const pp = c.command(0, 'shmring -p 100');
    expect(pp).toContain('shmring: 100 rounds, count 200, expected 200: ok');
  });
});
