// Tells protocol exchanges in words: the "what just happened" panel's sentences, and the steps
// under each (every message with what it is for, its declaration's doc). The wording of each
// kind of exchange is the template table's (narration-templates.ts); a message it lacks is told
// from its declaration. Pure, so lessons and tests call it on any window of trace events:
//
//   const [last] = whatJustHappened(feed.recent(), { count: 1, housekeeping: false });
//   last?.sentence  // "kernel 0 asked kernel 1 (home of page 0x10000 of pid 2) for the page to read; …; 2 messages, 200.0 µs"

import { MSG, messageDescription, messageSpec, messageTypeName } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';
import type { MessageRecord } from '../messages-view/message-log';
import { formatVirtualTime } from '../virtual-time';
import { findExchanges, type Exchange } from './exchanges';
import { HOUSEKEEPING_NAMES, TEMPLATES, type Words } from './narration-templates';

export interface NarrationStep {
  key: number;
  name: string;
  from: number;
  to: number;
  /** What the message is for: its declaration's doc. */
  doc: string;
  /** The request it answers or the responses that answer it, as declared ('' if neither). */
  partner: string;
  delivered: boolean;
}

export interface Narration {
  exchange: Exchange;
  /** The exchange in one sentence, ending with its message count and virtual duration. */
  sentence: string;
  steps: NarrationStep[];
  housekeeping: boolean;
}

/** Message type numbers of housekeeping traffic (PROC_LIST, NODE_INFO): the views may hide them. */
export const HOUSEKEEPING_TYPES: ReadonlySet<number> = new Set(
  [...HOUSEKEEPING_NAMES].map((n) => (MSG as Record<string, number>)[n] ?? -1),
);

export function isHousekeeping(type: number): boolean {
  return HOUSEKEEPING_TYPES.has(type);
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function words(x: Exchange): Words {
  const root = x.messages[0] as MessageRecord;
  const answer = x.messages.find(
    (m) => messageSpec(m.type)?.answers === x.root && m.from === root.to && m.to === root.from,
  );
  return {
    kernel: (k) => `kernel ${k}`,
    kernels: (ks) => (ks.length === 1 ? `kernel ${ks[0] ?? ''}` : `kernels ${listOf([...new Set(ks)].map(String))}`),
    page: (e) => (e.page === undefined ? `a page of pid ${e.pid}` : `page ${hex(e.page)} of pid ${e.pid}`),
    pageAlone: (e) => (e.page === undefined ? 'a page' : `page ${hex(e.page)}`),
    thread: (e) => (e.tid !== 0 ? `thread ${e.tid} of pid ${e.pid}` : `a thread of pid ${e.pid}`),
    answer: answer ? messageTypeName(answer.type) : '',
    names: x.messages.map((m) => messageTypeName(m.type)),
  };
}

/** What the declaration says of a message type alone: "NAME: doc". */
function fromDeclaration(x: Exchange, w: Words): string {
  const root = x.messages[0] as MessageRecord;
  const doc = messageDescription(root.type).replace(/\.$/, '');
  const said = `${w.kernel(x.from)} sent ${w.kernel(x.to)} ${x.root}${doc ? ` (${doc.charAt(0).toLowerCase()}${doc.slice(1)})` : ''}`;
  return w.answer ? `${said}; ${w.kernel(x.to)} answered ${w.answer}` : said;
}

function partnerOf(type: number): string {
  const spec = messageSpec(type);
  if (!spec) return '';
  if (spec.answers) return `answers ${spec.answers}`;
  if (spec.responses.length > 0) return `answered by ${spec.responses.join(' or ')}`;
  return '';
}

/** One exchange in words. */
export function narrate(x: Exchange): Narration {
  const w = words(x);
  const template = TEMPLATES[x.root];
  const told = template ? template.tell(x, w) : fromDeclaration(x, w);
  const n = x.messages.length;
  const count = `${n} message${n === 1 ? '' : 's'}`;
  const time = x.complete ? formatVirtualTime(x.end - x.start) : 'under way';
  return {
    exchange: x,
    sentence: `${told.charAt(0).toUpperCase()}${told.slice(1)}; ${count}, ${time}${lateness(x)}.`,
    steps: x.messages.map((m) => ({
      key: m.key,
      name: messageTypeName(m.type),
      from: m.from,
      to: m.to,
      doc: messageDescription(m.type),
      partner: partnerOf(m.type),
      delivered: m.deliver !== undefined,
    })),
    housekeeping: template?.housekeeping === true,
  };
}

/**
 * The messages of `x` delivered after they were due: held back while exploring (MSG_DELAY), or
 * waiting behind one that was on their link. Without exploring a message is delivered exactly
 * when due, so the trace alone tells: ", REMOTE_PAGE_RESPONSE 200.0 µs late (held back, exploring)".
 */
function lateness(x: Exchange): string {
  const late = x.messages.flatMap((m) =>
    m.send && m.deliver && m.deliver.time > m.send.c
      ? [`${messageTypeName(m.type)} ${formatVirtualTime(m.deliver.time - m.send.c)} late`]
      : [],
  );
  return late.length === 0 ? '' : `, ${listOf(late)} (held back, exploring)`;
}

export interface HappenedOptions {
  /** How many exchanges, the latest last. */
  count: number;
  /** Tell housekeeping exchanges too (PROC_LIST, NODE_INFO). */
  housekeeping: boolean;
}

/** The latest finished exchanges in `events` (oldest first), in words: "what just happened". */
export function whatJustHappened(events: readonly FeedEvent[], o: HappenedOptions): Narration[] {
  const done = findExchanges(events)
    .filter((x) => x.complete)
    .map(narrate)
    .filter((n) => o.housekeeping || !n.housekeeping);
  done.sort((a, b) => a.exchange.end - b.exchange.end || a.exchange.start - b.exchange.start);
  return done.slice(-o.count);
}
