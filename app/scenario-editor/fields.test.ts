// The editor's field readers and writers: each writer's text reads back as the same value, and
// each reader says what is wrong with text that does not read.
import { describe, expect, it } from 'vitest';
import {
  commandLineText,
  hartListText,
  msText,
  readCommandLine,
  readHartList,
  readMs,
  readTypedText,
  readWhole,
  typedTextText,
} from './fields';

const value = <T>(read: { ok: true; value: T } | { ok: false; why: string }): T => {
  if (!read.ok) throw new Error(read.why);
  return read.value;
};
const why = (read: { ok: true } | { ok: false; why: string }): string => (read.ok ? '(read fine)' : read.why);

describe('whole numbers', () => {
  it('reads digits in range and says the range otherwise', () => {
    expect(value(readWhole(' 42 ', 0, 100))).toBe(42);
    for (const bad of ['', '-1', '1.5', '1e3', 'x', '101'])
      expect(why(readWhole(bad, 0, 100))).toBe('must be a whole number from 0 to 100');
  });
});

describe('times in ms', () => {
  it('reads ms as exact ns and writes them back', () => {
    expect(value(readMs('1'))).toBe(1_000_000);
    expect(value(readMs('2.5'))).toBe(2_500_000);
    expect(value(readMs('0.000001'))).toBe(1);
    for (const ns of [0, 1, 1500, 1_000_000, 6_000_000, 123_456_789, Number.MAX_SAFE_INTEGER])
      expect(value(readMs(msText(ns)))).toBe(ns);
    expect(msText(2_500_000)).toBe('2.5');
  });

  it('rejects what is not a time, or finer than 1 ns', () => {
    for (const bad of ['', '-1', '1.0000001', 'soon', '1,5'])
      expect(why(readMs(bad))).toBe('must be a time in ms, like 0, 1 or 2.5 (to 6 decimals: 1 ns)');
  });
});

describe('command lines', () => {
  it('splits words and honours quotes and backslashes', () => {
    expect(value(readCommandLine('counter 20  2'))).toEqual(['counter', '20', '2']);
    expect(value(readCommandLine(`sh -c 'echo hi there' "a\\"b" c\\ d ''`))).toEqual([
      'sh',
      '-c',
      'echo hi there',
      'a"b',
      'c d',
      '',
    ]);
  });

  it('writes argv that reads back the same', () => {
    for (const argv of [
      ['counter', '20', '2'],
      ['echo', 'two words', '', "it's", 'a"b', 'back\\slash', '\t'],
    ])
      expect(value(readCommandLine(commandLineText(argv)))).toEqual(argv);
    expect(commandLineText(['counter', '20', '2'])).toBe('counter 20 2');
  });

  it('says what is wrong', () => {
    expect(why(readCommandLine('  '))).toBe('needs a program and its arguments, like counter 20 2');
    expect(why(readCommandLine("echo 'hi"))).toBe("has a ' that is never closed");
    expect(why(readCommandLine('echo \\'))).toBe('ends with a \\ that escapes nothing');
  });
});

describe('typed text', () => {
  it('turns escapes into keys and back', () => {
    expect(value(readTypedText('ps\\r'))).toBe('ps\r');
    expect(value(readTypedText('a\\tb\\n\\e\\\\\\x03'))).toBe('a\tb\n\x1b\\\x03');
    for (const text of ['ps\r', 'cat /proc/cpuinfo | cat\r', '\x03\x7f\\r', 'ünïcødé ✓'])
      expect(value(readTypedText(typedTextText(text)))).toBe(text);
    expect(typedTextText('ps\r')).toBe('ps\\r');
  });

  it('rejects an unknown escape', () => {
    expect(why(readTypedText('a\\qb'))).toBe(
      'has an unknown escape \\q: use \\r for Enter, \\n, \\t, \\e, \\\\ or \\xHH',
    );
    expect(why(readTypedText('\\x4'))).toMatch(/unknown escape \\x/);
  });
});

describe('hart lists', () => {
  it('reads numbers and ranges in the order written', () => {
    expect(value(readHartList('0-3, 6'))).toEqual([0, 1, 2, 3, 6]);
    expect(value(readHartList('2 1'))).toEqual([2, 1]);
    for (const harts of [[0], [0, 1], [0, 1, 2, 3], [3, 2, 1], [0, 1, 2, 5, 7, 8, 9, 10]])
      expect(value(readHartList(hartListText(harts)))).toEqual(harts);
    expect(hartListText([0, 1])).toBe('0,1');
    expect(hartListText([0, 1, 2, 3])).toBe('0-3');
  });

  it('says what is wrong', () => {
    expect(why(readHartList(''))).toBe('needs at least one hart, like 0,1 or 2-3');
    expect(why(readHartList('0,a'))).toBe('"a" is not a hart number or a range like 2-3');
    expect(why(readHartList('3-1'))).toBe('the range 3-1 runs backwards');
    expect(why(readHartList('60-70'))).toBe('hart 70 is past the last possible hart, 63');
  });
});
