import { describe, expect, it } from 'vitest';
import { TTY_IN_SIZE, TTY_OUT_SIZE } from './memory-map';
import { createPhysicalMemory } from './physical-memory';
import { TtyDevice } from './tty-device';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('TtyDevice', () => {
  it('carries typed bytes to the kernel and output bytes to the terminal, in order', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const terminal = new TtyDevice(memory, 3);
    const kernel = new TtyDevice(memory, 3); // the other end, as another worker would build it
    expect(terminal.type(bytes('ls\r'))).toBe(3);
    expect(kernel.inputPending()).toBe(3);
    expect(text(kernel.readInput())).toBe('ls\r');
    expect(kernel.writeOutput(bytes('hello\n'))).toBe(6);
    expect(text(terminal.drainOutput())).toBe('hello\n');
    expect(terminal.drainOutput().length).toBe(0);
  });

  it('keeps kernels apart', () => {
    const { memory } = createPhysicalMemory(1 << 20, 2);
    new TtyDevice(memory, 0).type(bytes('a'));
    expect(new TtyDevice(memory, 1).inputPending()).toBe(0);
  });

  it('refuses what does not fit instead of dropping it, and wraps around', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const tty = new TtyDevice(memory, 0);
    const big = new Uint8Array(TTY_IN_SIZE + 10).map((_, i) => i & 0xff);
    expect(tty.type(big)).toBe(TTY_IN_SIZE);
    expect(tty.type(bytes('x'))).toBe(0);
    const first = tty.readInput(100);
    expect([...first]).toEqual([...big.subarray(0, 100)]);
    expect(tty.type(big.subarray(TTY_IN_SIZE))).toBe(10);
    const rest = tty.readInput();
    expect(rest.length).toBe(TTY_IN_SIZE - 100 + 10);
    expect([...rest.subarray(rest.length - 10)]).toEqual([...big.subarray(TTY_IN_SIZE)]);
    expect(tty.outputSpace()).toBe(TTY_OUT_SIZE);
  });

  it('reports the terminal size, 24x80 until the terminal sets one', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const tty = new TtyDevice(memory, 0);
    expect(tty.windowSize()).toMatchObject({ rows: 24, cols: 80 });
    tty.resize(40, 120);
    expect(tty.windowSize()).toMatchObject({ rows: 40, cols: 120, seq: 1 });
  });

  it('rejects a kernel number with no TTY', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    expect(() => new TtyDevice(memory, 64)).toThrow(RangeError);
  });
});
