// The out-of-memory killer's last step: a process the kernel cannot give a page to is killed
// with SIGKILL and logged as Linux logs it ("Out of memory: Killed process …"). The kill is also
// kept in the kernel's record so that whoever runs the machine (popcorn run) can tell its user
// why the program died instead of leaving a bare status 137.

import type { Kernel } from '../kernel';
import { exitGroup } from '../proc/lifecycle';
import type { Process } from '../proc/task';
import { SIGKILL } from '../signal/signals';

export interface OomKill {
  pid: number;
  comm: string;
  /** Virtual time of the kill. */
  at: number;
}

/** Kills `p` for want of memory; `while` says what it was doing (e.g. "fetching a page"). */
export function oomKill(k: Kernel, p: Process, while_ = ''): void {
  k.printk(`Out of memory: killed process ${p.pid} (${p.comm})${while_ ? ` ${while_}` : ''}`);
  k.oomKills.push({ pid: p.pid, comm: p.comm, at: k.now });
  if (k.oomKills.length > 64) k.oomKills.shift(); // the latest are what anyone asks about
  exitGroup(k, p, SIGKILL);
}
