// One message explained from the trace (pure; the inspector shows it): the exchange it belongs
// to told in words, its request or response partner as a message of the trace (so the page can
// show that one in turn), and the state change it caused when the trace shows it (a thread that
// now runs elsewhere, a page a kernel now holds, a copy that went).

import { messageSpec, messageTypeName } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';
import type { MessageRecord } from '../messages-view/message-log';
import { findExchanges, type Exchange } from './exchanges';
import { narrate, type Narration } from './narrate';

export interface MessageExplanation {
  /** The exchange it is part of, in words. */
  narration: Narration;
  /** Its request, if it is a response; its response, if it is a request that was answered. */
  partner: MessageRecord | undefined;
  /** It is a response: its partner is the request it answers. */
  isAnswer: boolean;
  /** What it changed, as the trace shows it ('' when the trace does not say). */
  effect: string;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function pageOf(x: Exchange): string {
  return x.page === undefined ? 'the page' : `page ${hex(x.page)}`;
}

/** The message paired with `r` in its exchange (same declared pair, opposite way). */
function partnerIn(x: Exchange, r: MessageRecord): MessageRecord | undefined {
  const spec = messageSpec(r.type);
  if (!spec) return undefined;
  const i = x.messages.indexOf(r);
  if (spec.answers) {
    // its request: the latest of that type sent the other way before it
    for (let j = i - 1; j >= 0; j--) {
      const q = x.messages[j] as MessageRecord;
      if (messageTypeName(q.type) === spec.answers && q.from === r.to && q.to === r.from) return q;
    }
    return undefined;
  }
  if (spec.responses.length === 0) return undefined;
  return x.messages
    .slice(i + 1)
    .find((m) => spec.responses.includes(messageTypeName(m.type)) && m.from === r.to && m.to === r.from);
}

/** What `r` changed, from what its exchange records. */
function effectOf(x: Exchange, r: MessageRecord): string {
  if (!r.deliver) return '';
  const thread = x.tid !== 0 ? `thread ${x.tid} of pid ${x.pid}` : `the thread of pid ${x.pid}`;
  switch (messageTypeName(r.type)) {
    case 'TASK_MIGRATE':
      return `${thread} runs on kernel ${r.to} now, in a context made for its process there; kernel ${r.from} keeps a proxy of it.`;
    case 'TASK_PAIRING':
      return `kernel ${r.to}, the origin, knows ${thread} runs on kernel ${r.from}: what the thread forwards home, its proxy serves.`;
    case 'REMOTE_PAGE_RESPONSE':
      return `kernel ${r.to} holds ${pageOf(x)} now, ${x.access === 'write' ? 'writable: the only copy' : 'read-only'}.`;
    case 'REMOTE_PAGE_RESPONSE_SHORT':
      return `kernel ${r.to} may write its copy of ${pageOf(x)} now: the only copy left.`;
    case 'PAGE_INVALIDATE_REQUEST': {
      const c = x.invalidated.find((i) => i.kernel === r.to);
      if (!c) return '';
      return `kernel ${r.to}'s copy of ${pageOf(x)} ${c.downgrade ? 'became read-only' : 'went'}.`;
    }
    case 'PAGE_INVALIDATE_RESPONSE':
      return `kernel ${r.to} knows kernel ${r.from}'s copy of ${pageOf(x)} is gone or read-only, and may go on.`;
    case 'REMOTE_PAGE_REQUEST':
      return x.homeCopy
        ? `the home, kernel ${r.to}, ${x.homeCopy.downgrade ? 'kept its own copy read-only' : 'gave up its own copy'} for it.`
        : '';
    case 'FUTEX_RESPONSE':
    case 'SYSCALL_REP':
    case 'VMA_OP_RESPONSE':
      return `${thread} on kernel ${r.to} has its call's result and runs on.`;
    default:
      return '';
  }
}

/** The message named `key` (see messageKey) explained from `events`, or undefined if not there. */
export function explainMessage(events: readonly FeedEvent[], key: number): MessageExplanation | undefined {
  for (const x of findExchanges(events)) {
    const r = x.messages.find((m) => m.key === key);
    if (!r) continue;
    return {
      narration: narrate(x),
      partner: partnerIn(x, r),
      isAnswer: Boolean(messageSpec(r.type)?.answers),
      effect: effectOf(x, r),
    };
  }
  return undefined;
}
