// Which process a message is about, for the trace (and so for the page's messages view, which
// filters by process). Messages of the process-centred protocols begin with the process's pid
// (their declared first field, interfaces/);
// a response carries no pid but returns to the wait station of its request, so the pid of each
// request sent or answered is kept until its response passes. Other messages (node info,
// process lists, signals by pid, pings) are about no single process: 0.

import { messageSpecs } from '../protocols/messaging/message-types';
import type { Delivered } from '../protocols/messaging/messenger';

/** Types whose body starts with the pid (u32) of the process they are about (their declarations say). */
const PID_FIRST = new Set<number>(
  messageSpecs()
    .filter((s) => s.fields[0]?.name === 'pid' && s.fields[0].type.name === 'u32')
    .map((s) => s.type),
);

export class MessagePids {
  /** `${peer}:${station}` -> pid, for requests whose response has not passed yet. */
  private readonly open = new Map<string, number>();

  /** The pid message `m` (sent to or received from `peer`) is about, or 0. */
  of(m: Delivered, peer: number): number {
    const key = `${peer}:${m.station}`;
    if (PID_FIRST.has(m.type) && m.body.length >= 4) {
      const pid = new DataView(m.body.buffer, m.body.byteOffset, 4).getUint32(0, true);
      if (m.station !== 0) this.open.set(key, pid); // a request: its response will say nothing
      return pid;
    }
    if (m.station === 0) return 0;
    const pid = this.open.get(key);
    if (pid === undefined) return 0;
    this.open.delete(key);
    return pid;
  }
}
