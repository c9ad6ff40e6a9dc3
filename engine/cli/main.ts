// `popcorn` command line: dispatches to the subcommands (usage.ts says what they take), and is
// the one place errors end. A bad command line (UsageError) is one line and status 2; anything
// else that goes wrong is one line and status 1, never a stack trace (POPCORN_DEBUG=1 shows it).

import { readFileSync } from 'node:fs';
import { UsageError } from './options';
import { runCommand } from './run';
import { scenarioCommand } from './scenario';
import { shellCommand } from './shell';
import { MAIN_USAGE } from './usage';

const SIGPIPE = 13;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  run: runCommand,
  shell: shellCommand,
  scenario: scenarioCommand,
};

const [command, ...args] = process.argv.slice(2);
const who = command !== undefined && command in COMMANDS ? `popcorn ${command}` : 'popcorn';

/** One line for anything thrown: what went wrong, not where. */
function fail(err: unknown): number {
  if (process.env.POPCORN_DEBUG) console.error(err);
  if (err instanceof UsageError) {
    console.error(`${who}: ${err.message} (${who} --help lists the options)`);
    return 2;
  }
  const e = err as { message?: unknown; code?: unknown } | null | undefined;
  // whoever read popcorn's own output has gone (`popcorn scenario … | head`): end quietly, with
  // the status a shell shows for a program that SIGPIPE ended, as Unix tools do
  if (e?.code === 'EPIPE') return 128 + SIGPIPE;
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0] : String(err);
  // errors from the host (a file, a pipe) say enough; anything else is popcorn's own fault
  const ours = typeof e?.code !== 'string' && !process.env.POPCORN_DEBUG;
  console.error(`${who}: ${message}${ours ? ' (an internal error; POPCORN_DEBUG=1 shows where)' : ''}`);
  return 1;
}

// whatever escapes later (a callback, a stream) ends the same way
process.on('uncaughtException', (err) => {
  process.exit(fail(err));
});
process.on('unhandledRejection', (err) => {
  process.exit(fail(err));
});

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `popcorn ${pkg.version} (Popcorn Playground: riscv64 Linux programs on a replicated-kernel machine)`;
}

let code: number;
try {
  if (command === undefined) {
    process.stderr.write(MAIN_USAGE);
    code = 2;
  } else if (command === '-h' || command === '--help' || command === 'help') {
    const sub = command === 'help' ? args[0] : undefined;
    if (sub !== undefined && sub in COMMANDS)
      code = await (COMMANDS[sub] as (a: string[]) => Promise<number>)(['--help']);
    else {
      process.stdout.write(MAIN_USAGE);
      code = 0;
    }
  } else if (command === '--version' || command === '-V') {
    console.log(version());
    code = 0;
  } else {
    const run = COMMANDS[command];
    if (run) code = await run(args);
    else {
      console.error(`popcorn: unknown command '${command}' (popcorn --help lists them)`);
      code = 2;
    }
  }
} catch (err) {
  code = fail(err);
}
process.exitCode = code;
