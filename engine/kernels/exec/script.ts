// Scripts (Linux's binfmt_script): a file that starts with `#!` names the program that runs it,
// and execve runs that program instead, with the script's path among its arguments. The rules
// are Linux's (fs/binfmt_script.c): the first line, within the first 256 bytes, holds the
// interpreter's path and at most one argument (everything after the path, spaces inside it
// kept); the interpreter may itself be a script, five levels deep at most.

import { ENOEXEC } from '../errno';

/** How much of the file Linux looks at (BINPRM_BUF_SIZE). */
const BINPRM_BUF_SIZE = 256;

/** How many interpreters a script may go through before execve fails with ELOOP. */
export const MAX_INTERPRETER_DEPTH = 5;

export interface Shebang {
  interpreter: string;
  /** The optional argument (undefined if the line has none). */
  arg?: string;
}

const spaceTab = (c: number | undefined) => c === 0x20 || c === 0x09;
const terminator = (c: number | undefined) => spaceTab(c) || c === 0;

/** Undefined for a file that is not a script; -ENOEXEC for a `#!` line that names no interpreter. */
export function parseShebang(file: Uint8Array): Shebang | number | undefined {
  if (file[0] !== 0x23 || file[1] !== 0x21) return undefined;
  // Linux's buffer: the file's first bytes, zeros after a short file's end
  const buf = new Uint8Array(BINPRM_BUF_SIZE);
  buf.set(file.subarray(0, BINPRM_BUF_SIZE));
  const last = BINPRM_BUF_SIZE - 1;
  let end = buf.indexOf(0x0a);
  if (end < 0) {
    // no newline in the buffer: the line is whole only if the name ends before the buffer does
    let i = 2;
    while (i < last && spaceTab(buf[i])) i++;
    if (i === last) return -ENOEXEC;
    while (i < last && !terminator(buf[i])) i++;
    if (i === last) return -ENOEXEC; // the interpreter's name is cut short
    end = last;
  }
  while (end > 2 && spaceTab(buf[end - 1])) end--;
  let name = 2;
  while (name < end && spaceTab(buf[name])) name++;
  if (name === end) return -ENOEXEC;
  let sep = name;
  while (sep < end && !terminator(buf[sep])) sep++;
  const text = (from: number, to: number) => new TextDecoder().decode(buf.subarray(from, to));
  const interpreter = text(name, sep);
  let arg = sep;
  while (arg < end && spaceTab(buf[arg])) arg++;
  // Linux stops the argument at a NUL too
  let argEnd = arg;
  while (argEnd < end && buf[argEnd] !== 0) argEnd++;
  return arg < argEnd && buf[sep] !== 0 ? { interpreter, arg: text(arg, argEnd) } : { interpreter };
}

/** The interpreter's argument list: Linux drops the script's argv[0] and puts its path in. */
export function scriptArgv(s: Shebang, path: string, argv: readonly string[]): string[] {
  return [s.interpreter, ...(s.arg === undefined ? [] : [s.arg]), path, ...argv.slice(1)];
}
