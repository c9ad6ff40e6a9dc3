import { describe, expect, it } from 'vitest';
import { bootMachineConsole } from './test-machine';

describe('the single system image in /proc', () => {
  it('lists every kernel online in /proc/popcorn/nodes, with harts, memory, node and distances', async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    const lines = c.command(2, 'cat /proc/popcorn/nodes').split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^kernel +state +arch +harts +memory +size_kB +numa +distance$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/))).toEqual(
      c.machine.kernels.map((k, id) => {
        const { base, size } = k.node.kernel.params.memory;
        const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
        const numa = id < 2 ? 0 : 1;
        return [
          String(id),
          'online',
          'riscv64',
          String(id),
          `${hex(base)}-${hex(base + size - 1)}`,
          String(size / 1024),
          String(numa),
          ...(numa === 0 ? ['10', '10', '20', '20'] : ['20', '20', '10', '10']),
        ];
      }),
    );
  });

  it('counts messages by type and by peer in /proc/popcorn/stat, with the receive ring', async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    const stat = c.command(0, 'cat /proc/popcorn/stat');
    expect(stat).toMatch(/^type +sent +bytes +received +bytes\r\n/);
    expect(stat).toMatch(/^NODE_INFO +3 +117 +3 +117\r$/m); // a 39-byte announcement to and from each peer
    expect(stat).toMatch(/^PROC_LIST +\d+ +\d+ +\d+ +\d+\r$/m);
    for (const peer of [1, 2, 3])
      expect(stat).toMatch(new RegExp(`^kernel ${peer} +[1-9]\\d* +\\d+ +[1-9]\\d* +\\d+\\r$`, 'm'));
    expect(stat).toMatch(/^process_lists [1-9]\d* parts [1-9]\d*\r\nsignals forwarded 0 served 0\r\n/m);
    expect(stat).toMatch(/^unhandled 0\r\nring slots 256 occupancy 0 peak \d+ full_waits 0\r\n$/m);
  });

  it('lists every hart of the machine in /proc/cpuinfo with the kernel that owns it', async () => {
    const c = await bootMachineConsole('two-kernels');
    const blocks = c.command(1, 'cat /proc/cpuinfo').split('\r\n\r\n').filter(Boolean);
    expect(blocks.map((b) => b.match(/processor\t: (\d+)\r\nhart\t\t: (\d+)\r\nkernel\t\t: (\d+)/)?.slice(1))).toEqual([
      ['0', '0', '0'],
      ['1', '1', '0'],
      ['2', '2', '1'],
      ['3', '3', '1'],
    ]);
  });

  it('totals the memory of every kernel in /proc/meminfo and sysinfo(2), which free reads', async () => {
    const c = await bootMachineConsole('two-kernels');
    const meminfo = c.command(0, 'cat /proc/meminfo');
    const kb = (key: string) => Number(new RegExp(`^${key}: +(\\d+) kB`, 'm').exec(meminfo)?.[1]);
    expect(kb('Kernel0Total') + kb('Kernel1Total')).toBe(kb('MemTotal'));
    expect(kb('Kernel0Free') + kb('Kernel1Free')).toBe(kb('MemFree'));
    const frames = c.machine.kernels.reduce((n, k) => n + k.node.kernel.frames.total, 0);
    expect(kb('MemTotal')).toBe(frames * 4);
    // BusyBox's free asks sysinfo(2), which says what /proc/meminfo says
    expect(c.command(1, 'free')).toMatch(new RegExp(`^Mem: +${kb('MemTotal')} `, 'm'));
  });

  it('gives sysinfo(2) the load averages of /proc/loadavg, which uptime reads', async () => {
    const c = await bootMachineConsole('two-kernels', {
      actions: [{ at: 0, kind: 'start', kernel: 1, argv: ['busy'] }],
    });
    c.machine.runUntil(c.machine.now + 3e9); // three seconds of a busy hart lift the averages
    const line = c.command(1, 'cat /proc/loadavg; uptime');
    // (busy, on the same terminal, may print a line between the two)
    const lines = line.split('\r\n');
    const loadavg = lines.find((l) => /^[\d.]+ [\d.]+ [\d.]+ \d+\/\d+ \d+$/.test(l)) ?? '';
    const uptime = lines.find((l) => l.includes('load average:')) ?? '';
    const proc = loadavg.split(' ').slice(0, 3).map(Number);
    const fromSysinfo = (/load average: ([\d.]+), ([\d.]+), ([\d.]+)$/.exec(uptime) ?? []).slice(1).map(Number);
    expect(proc[0], line).toBeGreaterThan(0.02);
    // /proc/loadavg rounds to hundredths, BusyBox's uptime truncates sysinfo's fixed point
    expect(fromSysinfo.length, line).toBe(3);
    fromSysinfo.forEach((load, i) => {
      expect(Math.abs(load - (proc[i] ?? -1)), line).toBeLessThanOrEqual(0.0100001);
    });
  });

  it('keeps the vanilla /proc of the SMP baseline, with /proc/popcorn/nodes listing its one kernel', async () => {
    const c = await bootMachineConsole('smp');
    expect(c.command(0, 'cat /proc/cpuinfo')).not.toContain('kernel');
    expect(c.command(0, 'cat /proc/meminfo')).not.toContain('Kernel0');
    expect(c.command(0, 'cat /proc/popcorn/nodes').split('\r\n')[1]).toMatch(/^0 +online +riscv64 +0-3 /);
  });
});
