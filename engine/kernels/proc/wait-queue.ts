// A wait queue: threads asleep until something happens (input arrives, a child exits, a
// futex is woken). Waking is in arrival order, so runs are deterministic.

import type { Thread } from './task';

export class WaitQueue {
  private readonly waiters: Thread[] = [];

  constructor(readonly name: string) {}

  add(t: Thread): void {
    if (!this.waiters.includes(t)) this.waiters.push(t);
  }

  remove(t: Thread): void {
    const i = this.waiters.indexOf(t);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  get size(): number {
    return this.waiters.length;
  }

  /** Takes up to `max` waiters off the queue, oldest first (the caller wakes them). */
  take(max = Infinity): Thread[] {
    return this.waiters.splice(0, Math.min(max, this.waiters.length));
  }

  peek(): readonly Thread[] {
    return this.waiters;
  }
}
