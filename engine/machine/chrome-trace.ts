// Writes kernels' trace events as Chrome trace-event JSON (opens in Perfetto and
// chrome://tracing): one process per kernel, one track per hart with a slice for each stretch
// a thread ran, instant events for system calls, page faults and signals, and flow arrows
// from each message's send to its delivery; the trace's metadata lists every message type as
// its service declares it (number, service, description, fields with their descriptions).

import type { TraceEvent } from '../hw/trace-device';
import {
  EV,
  exitOf,
  messageDelayOf,
  messageDeliverOf,
  messageSendOf,
  pageFaultOf,
  signalOf,
  syscallOf,
} from '../kernels/trace-format';
import { syscallName } from '../kernels/syscalls/numbers';
import { messageSpecs, messageTypeName } from '../protocols/messaging/message-types';

interface ChromeEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number; // microseconds
  pid: number;
  tid: number;
  dur?: number;
  id?: string;
  bp?: string;
  s?: string;
  args?: Record<string, number | string>;
}

const us = (ns: number) => ns / 1000;

export function chromeTrace(kernels: TraceEvent[][], endNs: number): string {
  const out: ChromeEvent[] = [];
  kernels.forEach((events, kernel) => {
    out.push({
      name: 'process_name',
      cat: '__metadata',
      ph: 'M',
      ts: 0,
      pid: kernel,
      tid: 0,
      args: { name: `kernel ${kernel}` },
    });
    const running = new Map<number, { tid: number; pid: number; since: number }>();
    const close = (hart: number, at: number) => {
      const r = running.get(hart);
      if (r && at > r.since) {
        out.push({
          name: `pid ${r.pid} tid ${r.tid}`,
          cat: 'run',
          ph: 'X',
          ts: us(r.since),
          dur: us(at - r.since),
          pid: kernel,
          tid: hart,
          args: { pid: r.pid, tid: r.tid },
        });
      }
      running.delete(hart);
    };
    for (const e of events) {
      const base = { pid: kernel, ts: us(e.time) };
      switch (e.kind) {
        case EV.SWITCH:
          close(e.hart, e.time);
          running.set(e.hart, { tid: e.tid, pid: e.pid, since: e.time });
          break;
        case EV.SYSCALL: {
          const call = syscallOf(e);
          out.push({
            ...base,
            name: syscallName(call.nr),
            cat: 'syscall',
            ph: 'i',
            s: 't',
            tid: e.hart,
            args: { tid: e.tid, result: call.result },
          });
          break;
        }
        case EV.PAGE_FAULT: {
          const fault = pageFaultOf(e);
          out.push({
            ...base,
            name: 'page fault',
            cat: 'mm',
            ph: 'i',
            s: 't',
            tid: e.hart,
            args: { tid: e.tid, address: `0x${fault.address.toString(16)}`, access: fault.access },
          });
          break;
        }
        case EV.SIGNAL:
          out.push({
            ...base,
            name: `signal ${signalOf(e).signal}`,
            cat: 'signal',
            ph: 'i',
            s: 't',
            tid: e.hart,
            args: { tid: e.tid },
          });
          break;
        case EV.EXIT:
          out.push({ ...base, name: `exit ${e.pid}`, cat: 'proc', ph: 'i', s: 'p', tid: 0, args: exitOf(e) });
          break;
        case EV.MSG_SEND: {
          const m = messageSendOf(e);
          out.push({
            ...base,
            name: messageTypeName(m.type),
            cat: 'msg',
            ph: 's',
            id: `${kernel}-${m.to}-${m.seq}`,
            tid: 1000,
            args: { to: m.to, seq: m.seq },
          });
          break;
        }
        case EV.MSG_DELIVER: {
          const m = messageDeliverOf(e);
          out.push({
            ...base,
            name: messageTypeName(m.type),
            cat: 'msg',
            ph: 'f',
            bp: 'e',
            id: `${m.from}-${kernel}-${m.seq}`,
            tid: 1000,
            args: { from: m.from, seq: m.seq },
          });
          break;
        }
        case EV.MSG_DELAY: {
          // a person held it back while exploring: an instant on the messages' track
          const m = messageDelayOf(e);
          out.push({
            ...base,
            name: `held back ${messageTypeName(m.type)}`,
            cat: 'explore',
            ph: 'i',
            s: 't',
            tid: 1000,
            args: { from: m.from, seq: m.seq, deliverAt: m.deliverAt },
          });
          break;
        }
        default:
          break;
      }
    }
    for (const hart of [...running.keys()]) close(hart, endNs);
  });
  return JSON.stringify({ traceEvents: out, displayTimeUnit: 'ns', metadata: { messages: messageTypes() } });
}

/** The declared message types, for a reader of the trace to know what each flow arrow carries. */
function messageTypes(): Record<string, unknown> {
  return Object.fromEntries(
    messageSpecs().map((s) => [
      s.name,
      {
        type: s.type,
        service: s.service,
        description: s.doc,
        ...(s.answers ? { answers: s.answers } : {}),
        ...(s.responses.length > 0 ? { responses: s.responses } : {}),
        fields: Object.fromEntries(s.fields.map((f) => [f.name, `${f.type.name}: ${f.doc}`])),
      },
    ]),
  );
}
