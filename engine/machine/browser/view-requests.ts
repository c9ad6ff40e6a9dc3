// The page's requests to the view boards (kernel-view.ts): which process to show, which thread
// to inspect, which message's body to publish, and how many times the focused process's pages
// were asked for. The page writes them; every kernel reads them after each epoch.

import {
  VIEW_FOCUS_PID,
  VIEW_INSPECT_TID,
  VIEW_MSG_ASK,
  VIEW_MSG_FROM,
  VIEW_MSG_SEQ,
  VIEW_MSG_TO,
  VIEW_REQUEST_OFFSET,
  VIEW_WANT,
} from '../../hw/memory-map';
import type { MessageRef } from './kernel-view';

/** The page's requests, read by every kernel after each epoch. */
export class ViewRequests {
  private readonly words: Int32Array;

  constructor(memory: WebAssembly.Memory) {
    this.words = new Int32Array(memory.buffer);
  }

  get focusPid(): number {
    return Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_FOCUS_PID) >> 2);
  }

  set focusPid(pid: number) {
    Atomics.store(this.words, (VIEW_REQUEST_OFFSET + VIEW_FOCUS_PID) >> 2, pid | 0);
  }

  get inspectTid(): number {
    return Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_INSPECT_TID) >> 2);
  }

  set inspectTid(tid: number) {
    Atomics.store(this.words, (VIEW_REQUEST_OFFSET + VIEW_INSPECT_TID) >> 2, tid | 0);
  }

  /** The message the inspector shows (sender, receiver, sequence number), if any. */
  get message(): MessageRef | undefined {
    if (Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_MSG_ASK) >> 2) !== 1) return undefined;
    return {
      from: Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_MSG_FROM) >> 2),
      to: Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_MSG_TO) >> 2),
      seq: Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_MSG_SEQ) >> 2) >>> 0,
    };
  }

  set message(m: MessageRef | undefined) {
    const at = (offset: number) => (VIEW_REQUEST_OFFSET + offset) >> 2;
    Atomics.store(this.words, at(VIEW_MSG_ASK), 0);
    if (!m) return;
    Atomics.store(this.words, at(VIEW_MSG_FROM), m.from | 0);
    Atomics.store(this.words, at(VIEW_MSG_TO), m.to | 0);
    Atomics.store(this.words, at(VIEW_MSG_SEQ), m.seq | 0);
    Atomics.store(this.words, at(VIEW_MSG_ASK), 1);
  }

  /** How many times the page asked for the focused process's pages. */
  get wants(): number {
    return Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_WANT) >> 2);
  }

  /** The page wants the focused process's VMAs and pages published again. */
  want(): void {
    Atomics.add(this.words, (VIEW_REQUEST_OFFSET + VIEW_WANT) >> 2, 1);
  }
}
