// What a trace event says: the event kinds, and for each kind what its three number fields
// (a, b, c) hold, with one encoder or decoder per field meaning. The kernel and the services
// write events with these; the views, the trace files and the tools read them with these, so no
// reader works out again that c = 1 on a system call means "blocked" or that access 2 is an
// instruction fetch. The record layout itself is the trace device's (engine/hw/trace-device.ts).

import type { TraceEvent } from '../hw/trace-device';

/** The kinds of event, with what a, b and c hold (decoded by the functions below). */
export const EV = {
  SYSCALL: 1, // a = number, b = result, c = SYSCALL_BLOCKED if the thread went to sleep in it
  PAGE_FAULT: 2, // a = access code (read, write, exec), b = address
  SWITCH: 3, // hart = hart, tid = thread switched in (0: the hart went idle)
  TTY_OUT: 4, // a = bytes
  TTY_IN: 5, // a = bytes
  EXIT: 6, // a = wait status
  MSG_SEND: 7, // a = type, b = to, c = delivery time, tid = sequence number
  MSG_DELIVER: 8, // a = type, b = from, c = send time, tid = sequence number
  SPAWN: 9, // a = parent pid
  SIGNAL: 10, // a = signal
  PAGE_FETCH: 11, // a = access code (read, write), b = page: a fault another kernel must answer
  MIGRATE: 12, // a = from kernel, b = to kernel (emitted by the kernel the thread leaves)
  PAGE_INVALIDATE: 13, // a = INVALIDATE_DOWNGRADE if only write access went, b = page, c = pid: a copy went
  MSG_DELAY: 14, // a = type, b = from, c = its delivery time now, tid = sequence number: a person held it back (by its receiver)
} as const;

export type EventKind = (typeof EV)[keyof typeof EV];

export const EVENT_NAMES: Record<number, string> = Object.fromEntries(Object.entries(EV).map(([k, v]) => [v, k]));

/** The hart field of an event no hart did: a kernel's own events, and a thread off every hart. */
export const NO_HART = 0xffff;

/** SYSCALL's c: the call put the thread to sleep (it restarts when woken). */
export const SYSCALL_BLOCKED = 1;
/** PAGE_INVALIDATE's a: only write access went, the copy stays readable. */
export const INVALIDATE_DOWNGRADE = 1;

export type Access = 'read' | 'write' | 'exec';
const ACCESSES: readonly Access[] = ['read', 'write', 'exec'];

/** The code PAGE_FAULT and PAGE_FETCH carry in a for an access. */
export function accessCode(access: Access): number {
  return ACCESSES.indexOf(access);
}

/** The access a code stands for (an unknown code reads as 'read'). */
export function accessOf(code: number): Access {
  return ACCESSES[code] ?? 'read';
}

/** The fields an event's meaning is spread over. */
export type TraceFields = Pick<TraceEvent, 'tid' | 'a' | 'b' | 'c'>;

/** SYSCALL */
export function syscallOf(e: TraceFields): { nr: number; result: number; blocked: boolean } {
  return { nr: e.a, result: e.b, blocked: e.c === SYSCALL_BLOCKED };
}

/** PAGE_FAULT */
export function pageFaultOf(e: TraceFields): { access: Access; address: number } {
  return { access: accessOf(e.a), address: e.b };
}

/** PAGE_FETCH */
export function pageFetchOf(e: TraceFields): { access: Access; page: number } {
  return { access: accessOf(e.a), page: e.b };
}

/** PAGE_INVALIDATE: `pid` is the process whose copy of `page` went. */
export function pageInvalidateOf(e: TraceFields): { downgrade: boolean; page: number; pid: number } {
  return { downgrade: e.a === INVALIDATE_DOWNGRADE, page: e.b, pid: e.c };
}

/** MIGRATE */
export function migrateOf(e: TraceFields): { from: number; to: number } {
  return { from: e.a, to: e.b };
}

/** MSG_SEND: sent to kernel `to`, to be delivered at virtual ns `deliverAt`. */
export function messageSendOf(e: TraceFields): { type: number; to: number; deliverAt: number; seq: number } {
  return { type: e.a, to: e.b, deliverAt: e.c, seq: e.tid };
}

/** MSG_DELIVER: from kernel `from`, sent at virtual ns `sentAt`. */
export function messageDeliverOf(e: TraceFields): { type: number; from: number; sentAt: number; seq: number } {
  return { type: e.a, from: e.b, sentAt: e.c, seq: e.tid };
}

/**
 * MSG_DELAY: message `seq` from kernel `from` (to the kernel that wrote the event) is delivered
 * at `deliverAt` now, and the later ones of its link no earlier (protocols/messaging/delays.ts).
 */
export function messageDelayOf(e: TraceFields): { type: number; from: number; deliverAt: number; seq: number } {
  return { type: e.a, from: e.b, deliverAt: e.c, seq: e.tid };
}

/** EXIT: the wait status of the process (its pid is the event's pid). */
export function exitOf(e: TraceFields): { status: number } {
  return { status: e.a };
}

/** SIGNAL */
export function signalOf(e: TraceFields): { signal: number } {
  return { signal: e.a };
}

/** SPAWN */
export function spawnOf(e: TraceFields): { parent: number } {
  return { parent: e.a };
}

/** TTY_IN and TTY_OUT */
export function ttyBytesOf(e: TraceFields): { bytes: number } {
  return { bytes: e.a };
}
