import { describe, expect, it } from 'vitest';
import { TerminalOutput } from './terminal-output';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (chunks: Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c)).join('');

describe('TerminalOutput', () => {
  it('gives a terminal opened late everything from the start, and one that wrote some the rest', () => {
    const out = new TerminalOutput();
    out.push(bytes('popcorn0:/$ '));
    out.push(bytes('ps\r\n'));
    expect(text(out.since(out.start))).toBe('popcorn0:/$ ps\r\n');
    expect(text(out.since(5))).toBe('rn0:/$ ps\r\n');
    expect(text(out.since(out.end))).toBe('');
    expect(out.end).toBe(16);
  });

  it('keeps only its last bytes, whole chunks at a time', () => {
    const out = new TerminalOutput(8);
    out.push(bytes('aaaa'));
    out.push(bytes('bbbb'));
    out.push(bytes('cccc'));
    expect(out.start).toBe(4);
    expect(text(out.since(0))).toBe('bbbbcccc'); // what is gone is gone: the rest from the oldest kept
    expect(text(out.since(10))).toBe('cc');
  });
});
