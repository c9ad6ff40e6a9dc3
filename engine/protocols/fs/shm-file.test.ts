import { describe, expect, it } from 'vitest';
import { bootMachineConsole } from '../ssi/test-machine';

describe('scratch', () => {
  it('one kernel', async () => {
    const c = await bootMachineConsole('two-kernels');
    console.log(c.command(0, 'shmpipe both 200; echo rc=$?'));
    console.log(c.command(1, 'shmpipe both 200; echo rc=$?'));
    const [f0, f1] = [c.screen(0).length, c.screen(1).length];
    c.type(1, 'shmpipe consume x 300; echo rc=$?\r');
    c.type(0, 'shmpipe produce x 300; echo rc=$?\r');
    c.waitFor(0, /\nrc=\d+\r\n/, f0, 60e9);
    c.waitFor(1, /\nrc=\d+\r\n/, f1, 60e9);
    console.log(c.screen(0));
    console.log(c.screen(1));
    console.log(c.node(0).kernel.log.slice(-20).join('\n'));
    console.log(c.node(1).kernel.log.slice(-20).join('\n'));
  }, 300_000);
});
