// The network programs on one kernel against qemu-riscv64: each conversation of
// userland/testing/net-scripts.ts (netecho's servers and clients, loadgen and wget against
// BusyBox httpd, nc, rsh and rshd) runs in ash under qemu (sockets on the host's loopback) and
// on a kernel (its own loopback), and both print the same, figures masked. The same scripts
// across kernels are the network's differential test once kernels have a network between them.

import { describe, expect, it } from 'vitest';
import { lines, sh, useScratch } from '../../userland/testing/qemu-run';
import { NET_SCRIPTS, normalize } from '../../userland/testing/net-scripts';
import { runProgram } from './testing/run-program';
import { loadUserlandFiles } from './userland-files';

useScratch();

describe('network programs: one kernel vs qemu-riscv64', () => {
  // ports 47300 + 10 i under qemu (userland/glibc.test.ts uses 47100 up); the kernel's are its own
  NET_SCRIPTS.forEach((n, i) => {
    it(n.name, async () => {
      const port = 47300 + 10 * i;
      const script = n.script(port);
      const reference = await sh(`mkdir net${i} && cd net${i} || exit 1; ${script}`);
      const files = await loadUserlandFiles();
      const ours = await runProgram(
        files,
        '/bin/busybox',
        ['ash', '-c', `mkdir /tmp/w && cd /tmp/w || exit 1; ${script}`],
        {
          harts: 2,
        },
      );
      expect(normalize(n, ours.stdout, port)).toBe(normalize(n, reference.stdout, port));
      expect(normalize(n, ours.stdout, port)).toBe(lines(...n.expected));
      expect(ours.status).toBe(reference.exitCode);
    });
  });
});
