// `popcorn` command line: dispatches to the subcommands.
//
//   popcorn run [--stats] [--harts N | --kernels N [--migrate-every T]] [--memory MiB] -- PROGRAM [ARGS...]
//   popcorn shell [--harts N | --kernels N --harts-per-kernel M --kernel K]
//   popcorn scenario FILE|LINK [--workers N] [--until T] [--trace OUT]

import { runCommand } from './run';
import { scenarioCommand } from './scenario';
import { shellCommand } from './shell';

const USAGE = `usage:
  popcorn run [--stats] [--trace FILE] [--harts N | --kernels N --harts-per-kernel M [--migrate-every T]]
              [--memory MiB] [--seed N] -- PROGRAM [ARGS...]
      run a riscv64 ELF (a host path, or a name in /bin) on a freshly booted machine,
      wired to this terminal's stdin, stdout and stderr; exits with its status.
      --migrate-every T moves the program's threads round robin over the kernels every T
      of virtual time (e.g. 2ms)
  popcorn shell [--harts N | --kernels N --harts-per-kernel M --kernel K]
      boot the machine and attach this terminal to a kernel's TTY (kernel 0 by default)
  popcorn scenario FILE|LINK [--workers N] [--until T] [--trace OUT] [--free-running]
      run a scenario headless (one thread, or one worker per kernel) for T of virtual time
      (default 100ms), print what each kernel did and the trace hash; --trace writes
      Chrome trace-event JSON (open it in Perfetto); --free-running drops the epoch
      barrier (faster, not reproducible). LINK is a playground share link: it runs to
      where the link was shared and checks the page's trace hash there`;

const [command, ...args] = process.argv.slice(2);
let code: number;
switch (command) {
  case 'run':
    code = await runCommand(args);
    break;
  case 'shell':
    code = await shellCommand(args);
    break;
  case 'scenario':
    code = await scenarioCommand(args);
    break;
  case undefined:
  case '-h':
  case '--help':
    console.log(USAGE);
    code = command === undefined ? 2 : 0;
    break;
  default:
    console.error(`popcorn: unknown command '${command}'\n${USAGE}`);
    code = 2;
}
process.exitCode = code;
