import { describe, expect, it } from 'vitest';
import { ENOEXEC } from '../errno';
import { parseShebang, scriptArgv } from './script';

const file = (text: string) => new TextEncoder().encode(text);

describe('parseShebang (binfmt_script)', () => {
  it('takes the interpreter and one argument from the first line, as Linux', () => {
    expect(parseShebang(file('#!/bin/sh\necho hi\n'))).toEqual({ interpreter: '/bin/sh' });
    expect(parseShebang(file('#! \t/bin/sh  \t\n'))).toEqual({ interpreter: '/bin/sh' });
    // everything after the name is the one argument, inner spaces kept
    expect(parseShebang(file('#!/usr/bin/env  -S awk -f \n'))).toEqual({
      interpreter: '/usr/bin/env',
      arg: '-S awk -f',
    });
    expect(parseShebang(file('#!/bin/sh'))).toEqual({ interpreter: '/bin/sh' }); // no newline, name whole
  });

  it('is not a script without #!, and ENOEXEC when the line names no interpreter', () => {
    expect(parseShebang(file('\x7fELF'))).toBeUndefined();
    expect(parseShebang(file('# !/bin/sh\n'))).toBeUndefined();
    expect(parseShebang(file('#!\n'))).toBe(-ENOEXEC);
    expect(parseShebang(file('#!   \t \n'))).toBe(-ENOEXEC);
    expect(parseShebang(file(`#!${' '.repeat(300)}`))).toBe(-ENOEXEC); // all blanks in the 256 bytes
    expect(parseShebang(file(`#!/${'a'.repeat(300)}\n`))).toBe(-ENOEXEC); // the name is cut short
    // the name ends within the 256 bytes: the rest, cut, is the argument
    expect(parseShebang(file(`#!/bin/sh ${'x'.repeat(300)}`))).toEqual({
      interpreter: '/bin/sh',
      arg: 'x'.repeat(245),
    });
  });

  it("puts the script's path in place of its argv[0]", () => {
    expect(scriptArgv({ interpreter: '/bin/sh' }, '/tmp/s.sh', ['s.sh', 'a', 'b'])).toEqual([
      '/bin/sh',
      '/tmp/s.sh',
      'a',
      'b',
    ]);
    expect(scriptArgv({ interpreter: '/bin/awk', arg: '-f' }, './x', ['x'])).toEqual(['/bin/awk', '-f', './x']);
  });
});
