// Sending and receiving as a blocking call sees it, for send/recv and for write/read on a
// socket alike. A blocking send on a stream returns only once every byte is queued, as
// Linux's does: when the receiver's queue fills part way, the bytes queued so far are kept
// for the thread (SendProgress) and the call, restarted when there is room, goes on from
// there. SO_RCVTIMEO and SO_SNDTIMEO bound the wait: the deadline is fixed at the first wait
// and kept across restarts, and passing it ends the call with EAGAIN (or the bytes a send
// queued before it). A call that must wait returns a TimedBlock for the caller's blockOn.

import { EAGAIN } from '../errno';
import { type Block, isBlock, O_NONBLOCK, type OpenFile } from '../fs/file';
import type { TimedBlock } from '../fs/poll-wait';
import type { Kernel } from '../kernel';
import type { Thread } from '../proc/task';
import { MSG_DONTWAIT, type Received, receive, send, type Target } from './operations';
import { SO_RCVTIMEO, SO_SNDTIMEO, socketTimeout } from './options';
import { SOCK_STREAM, type Socket } from './socket';

/** Bytes of one blocking stream send already queued, while the thread waits for room for the rest. */
interface SendProgress {
  file: OpenFile;
  length: number;
  sent: number;
}
const progress = new WeakMap<Thread, SendProgress>();

/** A blocking call's SO_RCVTIMEO / SO_SNDTIMEO deadline, fixed at its first wait. */
const deadlines = new WeakMap<Thread, { file: OpenFile; deadline: number }>();

function nonblocking(file: OpenFile, flags: number): boolean {
  return (file.flags & O_NONBLOCK) !== 0 || (flags & MSG_DONTWAIT) !== 0;
}

/**
 * Sends `data` on `s`: the bytes sent (a blocking stream send: all of them, unless it fails
 * part way), a TimedBlock to wait on, or -errno (EPIPE: the caller raises SIGPIPE).
 */
export function sendAll(
  k: Kernel,
  t: Thread,
  file: OpenFile,
  s: Socket,
  data: Uint8Array,
  target: Target | 'connected',
  flags: number,
): number | TimedBlock {
  const before = progress.get(t);
  let sent = before && before.file === file && before.length === data.length ? before.sent : 0;
  progress.delete(t);
  for (;;) {
    const r = send(k, s, sent > 0 ? data.subarray(sent) : data, target);
    if (isBlock(r)) {
      if (nonblocking(file, flags)) return sent > 0 ? sent : -EAGAIN;
      progress.set(t, { file, length: data.length, sent });
      return timed(k, t, file, r, socketTimeout(s, SO_SNDTIMEO), sent);
    }
    if (r < 0) {
      deadlines.delete(t);
      return sent > 0 ? sent : r;
    }
    sent += r;
    if (s.type !== SOCK_STREAM || sent >= data.length) {
      deadlines.delete(t);
      return sent; // a datagram goes whole or not at all
    }
  }
}

/** Receives at most `max` bytes: what was taken, a TimedBlock to wait on, or -errno. */
export function receiveTimed(
  k: Kernel,
  t: Thread,
  file: OpenFile,
  s: Socket,
  max: number,
  flags: number,
): Received | number | TimedBlock {
  const got = receive(k, s, max, flags);
  if (isBlock(got)) {
    if (nonblocking(file, flags)) return -EAGAIN;
    return timed(k, t, file, got, socketTimeout(s, SO_RCVTIMEO));
  }
  deadlines.delete(t);
  return got;
}

/** The wait on `b`, ending at the socket's timeout if it has one. */
function timed(k: Kernel, t: Thread, file: OpenFile, b: Block, timeoutNs: number, partial = 0): TimedBlock {
  const forget = () => {
    deadlines.delete(t);
    progress.delete(t);
  };
  if (timeoutNs <= 0) return { block: b.block, onInterrupt: forget };
  const had = deadlines.get(t);
  const deadline = had?.file === file ? had.deadline : k.timeOf(t) + timeoutNs;
  deadlines.set(t, { file, deadline });
  return { block: b.block, deadline, timeoutResult: partial > 0 ? partial : -EAGAIN, onInterrupt: forget };
}
