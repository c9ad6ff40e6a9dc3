// Asking a thread to move, the one way every part of the page does it (the threads panel's menu
// and drag, a lesson step's button): the request goes to the thread's origin, the threads panel
// follows it to say what became of it, and the views (narration-store.ts) lock onto the move
// once it shows in the trace. Kept in a small store so that a move asked outside the panel is
// told by the panel all the same.

import { create } from 'zustand';
import type { BrowserMachine, MigrationRequest } from '../../engine/machine/browser/browser-machine';
import { useNarration } from '../narration/narration-store';

/** A move asked: the request and the thread as the page names it. */
export interface AskedMoveRequest {
  request: MigrationRequest;
  tid: number;
  pid: number;
  comm: string;
  /** "pid·tid", the label every view uses. */
  label: string;
}

export const useMoveAsks = create<{ latest: AskedMoveRequest | undefined }>()(() => ({ latest: undefined }));

/**
 * Asks `machine` to move thread `t` to kernel `to`; undefined when the origin's mailbox has no
 * room (nothing was asked).
 */
export function askMove(
  machine: BrowserMachine,
  t: { tid: number; pid: number; comm: string },
  to: number,
): MigrationRequest | undefined {
  const request = machine.migrate(t.tid, to);
  if (!request) return undefined;
  const label = `${t.pid}·${t.tid}`;
  useMoveAsks.setState({ latest: { request, tid: t.tid, pid: t.pid, comm: t.comm, label } });
  useNarration.getState().follow({ tid: t.tid, pid: t.pid, to, sinceNs: machine.now(), label: `${label} (${t.comm})` });
  return request;
}
