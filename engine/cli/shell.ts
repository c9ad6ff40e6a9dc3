// `popcorn shell`: boots the machine and attaches this terminal to kernel 0's TTY, the way
// the web page's terminal attaches: typed bytes go into the TTY device's input ring, the
// kernel's output comes out of its output ring. The terminal is put in raw mode so the
// guest's line discipline does the editing; ^] (0x1d) detaches.

import { parseArgs } from 'node:util';
import { TtyDevice } from '../hw/tty-device';
import { spawn } from '../kernels/proc/spawn';
import { bootSingleKernel } from '../kernels/standalone';
import { loadUserlandFiles } from '../kernels/userland-files';
import { errnoName } from '../kernels/errno-names';

const DETACH = 0x1d;

export async function shellCommand(argv: string[]): Promise<number> {
  let harts: number;
  try {
    const { values } = parseArgs({ args: argv, options: { harts: { type: 'string', default: '2' } } });
    harts = Number(values.harts);
  } catch (err) {
    console.error(`popcorn shell: ${(err as Error).message}`);
    return 2;
  }
  const files = await loadUserlandFiles();
  const k = await bootSingleKernel({ files, harts });
  const init = files['/sbin/init'] ? '/sbin/init' : '/bin/sh';
  const p = spawn(k, init, [init]);
  if (typeof p === 'number') {
    console.error(`popcorn shell: cannot start ${init}: ${errnoName(-p)}`);
    return 1;
  }
  const tty = new TtyDevice(k.memory, 0);
  const pending: number[] = [];
  const session = { detached: false };
  const resize = () => {
    tty.resize(process.stdout.rows || 24, process.stdout.columns || 80);
  };
  resize();
  process.stdout.on('resize', resize);
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  process.stdin.on('data', (b: Buffer) => {
    for (const byte of b) {
      if (byte === DETACH) session.detached = true;
      else pending.push(byte);
    }
  });
  process.stdin.on('end', () => {
    session.detached = true;
  });
  process.stderr.write('popcorn: attached to kernel 0 (^] detaches)\r\n');
  while (!session.detached && p.state === 'alive') {
    if (pending.length > 0) pending.splice(0, tty.type(new Uint8Array(pending)));
    const busy = k.tick();
    const out = tty.drainOutput();
    if (out.length > 0) process.stdout.write(out);
    // real time matters here: a person is typing, so idle ticks wait a little
    await new Promise((r) => (busy ? setImmediate(r) : setTimeout(r, 10)));
  }
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
  process.stdin.pause();
  process.stdin.destroy(); // stop reading, so Node can exit
  process.stderr.write('\r\npopcorn: detached\r\n');
  return 0;
}
