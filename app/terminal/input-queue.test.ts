import { describe, expect, it } from 'vitest';
import { InputQueue } from './input-queue';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('InputQueue', () => {
  it('hands over everything when the ring has room', () => {
    const q = new InputQueue();
    q.push(bytes('ls'));
    q.push(bytes('\r'));
    const got: string[] = [];
    q.flush((b) => (got.push(text(b)), b.length));
    expect(got.join('')).toBe('ls\r');
    expect(q.size).toBe(0);
  });

  it('keeps what did not fit, in order, for the next frame', () => {
    const q = new InputQueue();
    q.push(bytes('hello'));
    q.push(bytes(' world'));
    let got = '';
    q.flush((b) => {
      got += text(b.subarray(0, 3));
      return 3;
    }); // room for 3 bytes only once: the loop stops at the first short write
    expect(got).toBe('hel');
    expect(q.size).toBe(8);
    q.flush((b) => ((got += text(b)), b.length));
    expect(got).toBe('hello world');
  });

  it('drops input past its limit rather than grow without bound', () => {
    const q = new InputQueue();
    q.push(new Uint8Array(1 << 20));
    q.push(bytes('x'));
    expect(q.dropped).toBe(1);
    expect(q.size).toBe(1 << 20);
  });
});
