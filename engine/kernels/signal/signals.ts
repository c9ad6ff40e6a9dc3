// Signal numbers, default actions and the masks that go with them (Linux asm-generic/signal.h).

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGXCPU = 24;
export const SIGXFSZ = 25;
export const SIGVTALRM = 26;
export const SIGPROF = 27;
export const SIGWINCH = 28;
export const SIGIO = 29;
export const SIGPWR = 30;
export const SIGSYS = 31;
export const NSIG = 64;

/** si_code of a signal the kernel sends by itself (a timer, the terminal, a hangup). */
export const SI_KERNEL = 0x80;

/** SIGCHLD's si_code: what happened to the child (Linux's CLD_*). */
export const CLD_EXITED = 1;
export const CLD_KILLED = 2;
export const CLD_DUMPED = 3;
export const CLD_STOPPED = 5;
export const CLD_CONTINUED = 6;

export const SIG_DFL = 0;
export const SIG_IGN = 1;

export const SA_NOCLDSTOP = 0x1;
export const SA_NOCLDWAIT = 0x2;
export const SA_SIGINFO = 0x4;
/** Tag bits in si_addr (arm64's MTE): accepted and kept, meaningless on riscv64. */
export const SA_EXPOSE_TAGBITS = 0x800;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;

export type DefaultAction = 'terminate' | 'core' | 'ignore' | 'stop' | 'continue';

export function defaultAction(sig: number): DefaultAction {
  switch (sig) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
      return 'ignore';
    case SIGCONT:
      return 'continue';
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return 'stop';
    case SIGQUIT:
    case SIGILL:
    case SIGTRAP:
    case SIGABRT:
    case SIGBUS:
    case SIGFPE:
    case SIGSEGV:
    case SIGXCPU:
    case SIGXFSZ:
    case SIGSYS:
      return 'core';
    default:
      return 'terminate';
  }
}

export const sigbit = (sig: number): bigint => 1n << BigInt(sig - 1);

/** Signals that can be neither caught, blocked nor ignored. */
export const UNBLOCKABLE = sigbit(SIGKILL) | sigbit(SIGSTOP);

/** Lowest signal number set in `set`, or 0. */
export function firstSignal(set: bigint): number {
  if (set === 0n) return 0;
  for (let s = 1; s <= NSIG; s++) if (set & sigbit(s)) return s;
  return 0;
}

const NAMES: Record<number, string> = {
  [SIGHUP]: 'Hangup',
  [SIGINT]: 'Interrupt',
  [SIGQUIT]: 'Quit',
  [SIGILL]: 'Illegal instruction',
  [SIGTRAP]: 'Trace/breakpoint trap',
  [SIGABRT]: 'Aborted',
  [SIGBUS]: 'Bus error',
  [SIGFPE]: 'Floating point exception',
  [SIGKILL]: 'Killed',
  [SIGSEGV]: 'Segmentation fault',
  [SIGPIPE]: 'Broken pipe',
  [SIGALRM]: 'Alarm clock',
  [SIGTERM]: 'Terminated',
  [SIGUSR1]: 'User defined signal 1',
  [SIGUSR2]: 'User defined signal 2',
};

export function signalName(sig: number): string {
  return NAMES[sig] ?? `Signal ${sig}`;
}
