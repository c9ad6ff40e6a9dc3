import { describe, expect, it } from 'vitest';
import { AT_ENTRY, AT_EXECFN, AT_NULL, AT_PAGESZ, AT_RANDOM, buildInitialStack, HWCAP_RV64GC } from './initial-stack';

describe('buildInitialStack', () => {
  const top = 0x40000000;
  const random = new Uint8Array(16).map((_, i) => i + 1);
  const { bytes, sp } = buildInitialStack(
    top,
    ['prog', 'arg1'],
    ['A=1'],
    [
      [AT_PAGESZ, 4096],
      [AT_ENTRY, 0x10078],
    ],
    random,
    '/bin/prog',
  );
  const dv = new DataView(bytes.buffer);
  const word = (i: number) => Number(dv.getBigUint64(i * 8, true));
  const string = (addr: number) => {
    const from = addr - sp;
    return new TextDecoder().decode(bytes.subarray(from, bytes.indexOf(0, from)));
  };

  it('puts argc, argv, envp and their NULLs at a 16-byte aligned stack pointer', () => {
    expect(sp % 16).toBe(0);
    expect(sp + bytes.length).toBe(top);
    expect(word(0)).toBe(2);
    expect(string(word(1))).toBe('prog');
    expect(string(word(2))).toBe('arg1');
    expect(word(3)).toBe(0);
    expect(string(word(4))).toBe('A=1');
    expect(word(5)).toBe(0);
  });

  it('ends with an auxiliary vector holding AT_RANDOM and AT_EXECFN, closed by AT_NULL', () => {
    const aux = new Map<number, number>();
    for (let i = 6; ; i += 2) {
      aux.set(word(i), word(i + 1));
      if (word(i) === AT_NULL) break;
    }
    expect(aux.get(AT_PAGESZ)).toBe(4096);
    expect(aux.get(AT_ENTRY)).toBe(0x10078);
    const r = aux.get(AT_RANDOM) as number;
    expect([...bytes.subarray(r - sp, r - sp + 16)]).toEqual([...random]);
    expect(string(aux.get(AT_EXECFN) as number)).toBe('/bin/prog');
  });

  it('describes RV64GC in AT_HWCAP, one bit per extension letter', () => {
    expect(HWCAP_RV64GC).toBe((1 << 8) | (1 << 12) | (1 << 0) | (1 << 5) | (1 << 3) | (1 << 2));
  });
});
