// Reading the command line: node:util's parseArgs with its errors rewritten as one line for
// people, and the checks every subcommand shares (whole numbers, sizes, durations). A bad
// option throws UsageError; main.ts prints its message on one line and exits with status 2.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDuration } from './duration';

/** A bad command line: main.ts prints `popcorn COMMAND: message` and exits 2. */
export class UsageError extends Error {}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** parseArgs, strict, with its errors as UsageErrors that say which option is wrong. */
export function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config); // strict by default: unknown options are errors
  } catch (err) {
    throw new UsageError(explain(err as Error & { code?: string }));
  }
}

function explain(err: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted}'`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
      return err.message.includes('does not take') ? `${name} takes no value` : `${name} needs a value`;
    }
    default:
      return err.message;
  }
}

/** Whether `--help` or `-h` appears before the arguments meant for a program. */
export function wantsHelp(args: string[]): boolean {
  return args.some((a) => a === '--help' || a === '-h');
}

/**
 * Splits `[options] PROGRAM [ARGS...]` where the options end, as qemu-user does: at `--`, or at
 * the first argument that is neither an option nor an option's value. What follows belongs to
 * the program, even when it looks like an option (`popcorn run echo -n hi`).
 */
export function splitAtProgram(argv: string[], options: OptionsConfig): { own: string[]; program: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') return { own: argv.slice(0, i), program: argv.slice(i + 1) };
    if (!a.startsWith('-') || a === '-') return { own: argv.slice(0, i), program: argv.slice(i) };
    const takesValue = a.startsWith('--')
      ? !a.includes('=') && options[a.slice(2)]?.type === 'string'
      : a.length === 2 && Object.values(options).some((o) => o.short === a[1] && o.type === 'string');
    if (takesValue) i++;
  }
  return { own: argv, program: [] };
}

/** A whole number in [min, max] given to `--name`. */
export function wholeNumber(text: string, name: string, min: number, max: number): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} takes a whole number from ${min} to ${max} (got '${text}')`);
  return n;
}

const SIZE_UNITS: Record<string, number> = { '': 1, m: 1, mib: 1, g: 1024, gib: 1024 };

/**
 * A memory size in MiB given to `--name`: a plain number is MiB (as qemu's -m), or it carries
 * a unit: 512M, 512MiB, 2G, 2GiB.
 */
export function memoryMiB(text: string, name: string, min: number, max: number): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const scale = m ? SIZE_UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  const mib = m && scale !== undefined ? Number(m[1]) * scale : NaN;
  if (!Number.isSafeInteger(mib) || mib < min || mib > max)
    throw new UsageError(
      `--${name} takes a size from ${min} MiB to ${max} MiB: a number of MiB, or with a unit (512M, 2G) (got '${text}')`,
    );
  return mib;
}

/** A virtual duration given to `--name`; the unit is required (a bare "5" is five what?). */
export function duration(text: string, name: string): number {
  const ns = parseDuration(text);
  if (ns === undefined)
    throw new UsageError(
      `--${name} takes a virtual time with its unit: ns, us, ms or s, as 250us or 2ms (got '${text}')`,
    );
  return ns;
}
