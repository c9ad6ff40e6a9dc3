// How fast the terminal reads never changes the run: the kernel hands all its output to the
// TTY device at each tick's end, and the device spools what its ring cannot hold on the host's
// side (TtyDevice.spoolOutput). A page that draws rarely while it replays a link, and a command
// line that reads the screen only at the end, see the run a page drawing every frame sees.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TtyDevice } from '../hw/tty-device';
import { loadUserlandFiles } from '../kernels/userland-files';
import { LocalMachine } from './local-machine';
import { parseScenario } from './scenario';

const defaultText = readFileSync(new URL('./scenarios/two-kernels.json', import.meta.url), 'utf8');

/** Runs `cat /bin/busy` (about 450 KiB) in kernel 0's shell, reading its terminal every `every` epochs. */
async function run(every: number) {
  const m = await LocalMachine.boot(parseScenario(defaultText), await loadUserlandFiles());
  const tty = new TtyDevice(m.memory, 0);
  let read = 0;
  const step = (i: number) => {
    m.step();
    if (i % every === 0) read += tty.drainOutput().length;
  };
  for (let i = 0; i < 80; i++) step(i); // the scenario's own typing is done
  tty.type(new TextEncoder().encode('cat /bin/busy\r'));
  for (let i = 0; i < 600; i++) step(i);
  // what is left: the ring's, then the device's spool, which the kernel's side moves on
  const device = m.kernels[0]?.node.kernel.tty.device;
  for (;;) {
    device?.pumpOutput();
    const rest = tty.drainOutput();
    if (rest.length === 0) break;
    read += rest.length;
  }
  return { hash: m.hash(), read };
}

describe('a terminal read slowly', () => {
  it('sees the same run, and all of its output, as one read every epoch', async () => {
    const often = await run(1);
    const rarely = await run(10_000); // never during the run: a command line reading the screen at the end
    expect(often.read).toBeGreaterThan(400_000); // far more than the ring and the kernel's buffer hold
    expect(rarely).toEqual(often);
  });
});
