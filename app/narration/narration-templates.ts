// The per-exchange template table: for each message that starts a protocol exchange, which
// requests it may cause at the kernel it asks (so exchanges.ts groups them under it), whether it
// is housekeeping (periodic traffic a reader may hide), and how to tell the exchange in words
// with its real kernels, page, process and thread. What each message is for is not written
// here: it is its declaration's doc (engine/protocols/interfaces/), which the steps show.

import type { Exchange } from './exchanges';

export interface ExchangeTemplate {
  /** Requests the root may cause at the kernel it asks, before that kernel answers. */
  causes?: readonly string[];
  /** Periodic traffic that says nothing about what a program does. */
  housekeeping?: boolean;
  /** The exchange in words, without its count and duration (narrate.ts adds them). */
  tell: (x: Exchange, w: Words) => string;
}

/** Names the narration uses, so every sentence writes them alike. */
export interface Words {
  kernel: (k: number) => string;
  kernels: (ks: readonly number[]) => string;
  /** "page 0x8000 of pid 2" */
  page: (x: Exchange) => string;
  /** "page 0x8000" */
  pageAlone: (x: Exchange) => string;
  thread: (x: Exchange) => string;
  /** The name of the message that answered the root ('' if none yet). */
  answer: string;
  /** The names of the messages in it, in order. */
  names: readonly string[];
}

/** "invalidated the copy at kernel 2 and made the copy at kernel 3 read-only" ('' for none). */
function copySteps(x: Exchange, w: Words): string {
  const steps: string[] = [];
  const taken = x.invalidated.filter((c) => !c.downgrade).map((c) => c.kernel);
  const lowered = x.invalidated.filter((c) => c.downgrade).map((c) => c.kernel);
  if (taken.length > 0) steps.push(`invalidated the copy at ${w.kernels(taken)}`);
  if (lowered.length > 0) steps.push(`made the copy at ${w.kernels(lowered)} read-only`);
  return steps.join(' and ');
}

function pageSteps(x: Exchange, w: Words, asker: number): string {
  const copies = copySteps(x, w);
  const first = copies ? `first ${copies}, then ` : '';
  const own = x.homeCopy
    ? x.homeCopy.downgrade
      ? 'kept its own copy read-only and '
      : 'gave up its own copy and '
    : '';
  if (w.answer === 'REMOTE_PAGE_RESPONSE') return `${first}${own}sent the page`;
  if (w.answer === 'REMOTE_PAGE_RESPONSE_SHORT')
    return `${first}${own}let ${w.kernel(asker)} use the copy it had (no bytes sent)`;
  return `${first}has not answered yet`;
}

export const TEMPLATES: Readonly<Record<string, ExchangeTemplate>> = {
  REMOTE_PAGE_REQUEST: {
    causes: ['PAGE_INVALIDATE_REQUEST'],
    tell: (x, w) =>
      `${w.kernel(x.from)} asked ${w.kernel(x.to)} (home of ${w.page(x)}) for the page to ${x.access === 'write' ? 'write' : 'read'}; ` +
      `${w.kernel(x.to)} ${pageSteps(x, w, x.from)}`,
  },
  PAGE_INVALIDATE_REQUEST: {
    // not caused by another kernel's request: a thread at the home faulted
    tell: (x, w) =>
      `${w.thread(x)} faulted at its home, ${w.kernel(x.from)}, on ${w.pageAlone(x)} to ${x.access === 'write' ? 'write' : 'read'}; ` +
      `${w.kernel(x.from)} ${copySteps(x, w) || `asked ${w.kernel(x.to)} for its copy`}${w.answer ? ', then let the thread go on' : ''}`,
  },
  TASK_MIGRATE: {
    tell: (x, w) =>
      `${w.thread(x)} moved from ${w.kernel(x.from)} to ${w.kernel(x.to)}: ${w.kernel(x.from)} sent its registers, ` +
      `signal actions and VMAs (TASK_MIGRATE) and kept a proxy of it; ${w.kernel(x.to)} made a context for it` +
      (w.answer ? ` and answered ${w.answer}` : '') +
      '; its pages follow one fault at a time',
  },
  TASK_MIGRATE_BACK: {
    tell: (x, w) =>
      `${w.thread(x)} went back from ${w.kernel(x.from)} to its origin, ${w.kernel(x.to)}, with its registers`,
  },
  FUTEX_REQUEST: {
    tell: (x, w) =>
      `${w.thread(x)} on ${w.kernel(x.from)} called futex; the call ran at its origin, ${w.kernel(x.to)}, where the futex queues are` +
      (w.answer ? `, which answered ${w.answer} when it returned` : ', where it waits'),
  },
  SYSCALL_FWD: {
    tell: (x, w) =>
      `${w.thread(x)} on ${w.kernel(x.from)} called ${x.syscall ?? 'a syscall'}, which needs its origin's state; ` +
      `it ran at ${w.kernel(x.to)}` +
      (w.answer ? `, which sent the result back (${w.answer})` : ', which has not answered yet'),
  },
  FS_REQUEST: {
    tell: (x, w) =>
      `${w.thread(x)} on ${w.kernel(x.from)} called ${x.syscall ?? 'a file syscall'} on a file of the machine's one tree; ` +
      `it ran at ${w.kernel(x.to)}, the filesystem's home` +
      (w.answer ? `, which sent the result back (${w.answer})` : ', which has not answered yet'),
  },
  FS_RELEASE: {
    tell: (x, w) =>
      `${w.kernel(x.from)} closed a descriptor on a file that ${w.kernel(x.to)}, the filesystem's home, holds open for it`,
  },
  FS_EXEC_READ: {
    tell: (x, w) =>
      `an execve on ${w.kernel(x.from)} runs a program of the machine's one tree and asked ${w.kernel(x.to)}, the filesystem's home, for a piece of it` +
      (w.answer ? `; the home made execve's checks and sent it (${w.answer})` : ', which has not answered yet'),
  },
  FS_WATCH: {
    tell: (x, w) =>
      `${w.kernel(x.from)} polls a named pipe or an AF_UNIX socket that ${w.kernel(x.to)}, the filesystem's home, holds open for it, and asked to be told whether it is ready, now and whenever that changes`,
  },
  FS_READY: {
    tell: (x, w) =>
      `${w.kernel(x.from)}, the filesystem's home, told ${w.kernel(x.to)} whether a named pipe or socket it polls is ready (told when asked, and again whenever a write, a read or a close changes it)`,
  },
  FS_STAGE: {
    tell: (x, w) =>
      `${w.kernel(x.from)} sent ${w.kernel(x.to)}, the filesystem's home, a piece of a large socket send ahead of the call itself (a message carries a page; the call names the pieces)`,
  },
  FS_WRITTEN: {
    tell: (x, w) =>
      `${w.kernel(x.from)}, the filesystem's home, sent ${w.kernel(x.to)} a piece of what a socket receive wrote, ahead of the call's answer`,
  },
  NET_FRAME: {
    tell: (x, w) =>
      `${w.kernel(x.from)}'s network card sent ${w.kernel(x.to)}'s an Ethernet frame through the virtual switch: a TCP or UDP packet between programs (the network view decodes it)`,
  },
  VMA_OP_REQUEST: {
    causes: ['VMA_UNMAP'],
    tell: (x, w) => {
      const remotes = [...new Set(x.messages.filter((m) => m.from === x.to && m.to !== x.from).map((m) => m.to))];
      const unmapped = w.names.includes('VMA_UNMAP')
        ? `, which first had ${remotes.length > 0 ? w.kernels(remotes) : 'the other kernels'} drop what it took away (VMA_UNMAP)`
        : '';
      return `${w.thread(x)} on ${w.kernel(x.from)} called ${x.syscall ?? 'an mm call'}; it ran at its origin, ${w.kernel(x.to)}${unmapped}${w.answer ? `, and answered ${w.answer}` : ''}`;
    },
  },
  VMA_UNMAP: {
    tell: (x, w) =>
      `${w.kernel(x.from)} took memory or rights away from pid ${x.pid}; ${w.kernel(x.to)} dropped the pages concerned` +
      (w.answer ? ` and acknowledged (${w.answer})` : ''),
  },
  SIGNAL_FWD: {
    tell: (x, w) =>
      `${w.kernel(x.from)} forwarded a kill() to ${w.kernel(x.to)}, which runs the process` +
      (w.answer ? `; ${w.kernel(x.to)} answered with what the kill() did (${w.answer})` : ''),
  },
  SIGNAL_FWD_THREAD: {
    tell: (x, w) => `${w.kernel(x.from)} sent a signal on to ${w.kernel(x.to)}, where the thread of pid ${x.pid} runs`,
  },
  TASK_PROPOSE: {
    causes: ['TASK_PROPOSE'],
    tell: (x, w) =>
      `${w.kernel(x.from)} asked ${w.kernel(x.to)} to move one of its threads (propose_migration)` +
      (w.answer ? `; ${w.kernel(x.to)} answered whether it was taken` : ''),
  },
  TASK_EXIT_REMOTE: {
    tell: (x, w) =>
      `a migrated thread of pid ${x.pid} called exit() on ${w.kernel(x.from)}; its proxy at the origin, ${w.kernel(x.to)}, exits as it would have`,
  },
  TASK_EXIT_ORIGIN: {
    tell: (x, w) =>
      `pid ${x.pid} ended at its origin, ${w.kernel(x.from)}; ${w.kernel(x.to)} dropped its context of it`,
  },
  TASK_GROUP_EXIT: {
    tell: (x, w) =>
      `a fatal signal hit pid ${x.pid} on ${w.kernel(x.from)}; its origin, ${w.kernel(x.to)}, ends the whole process`,
  },
  PAGE_RELEASE: {
    tell: (x, w) => `${w.kernel(x.from)} sent a page of pid ${x.pid} home to ${w.kernel(x.to)}`,
  },
  PROC_LIST: {
    housekeeping: true,
    tell: (x, w) =>
      `${w.kernel(x.from)} pushed its process list to ${w.kernel(x.to)}, so that ps and top there show its processes`,
  },
  NODE_INFO: {
    housekeeping: true,
    tell: (x, w) => `${w.kernel(x.from)} announced itself to ${w.kernel(x.to)}: its harts and memory`,
  },
};

/** Requests each root may cause (exchanges.ts). */
export const CAUSES: Readonly<Record<string, readonly string[] | undefined>> = Object.fromEntries(
  Object.entries(TEMPLATES).map(([name, t]) => [name, t.causes]),
);

/** The Popcorn names of housekeeping messages. */
export const HOUSEKEEPING_NAMES: ReadonlySet<string> = new Set(
  Object.entries(TEMPLATES)
    .filter(([, t]) => t.housekeeping)
    .map(([name]) => name),
);
