// What exploring offers for one message in flight (InFlightList): "deliver first", made of the
// delays the messaging rules ask for (engine's delays.ts), or why it cannot be; and "delay N
// epochs". And what to say about a choice once made. Pure.

import { deliverFirst, type Delay } from '../../engine/machine/browser/browser-machine';
import type { InFlight } from './in-flight';

export type FirstChoice = { delays: Delay[] } | { disabled: string };

/** "Deliver first" for `m` among `all` (in delivery order): the delays it takes, or why it cannot be had. */
export function firstChoice(m: InFlight, all: readonly InFlight[], epochNs: number): FirstChoice {
  const r = deliverFirst(m, all, epochNs);
  if ('refused' in r) return { disabled: r.refused };
  if (r.delays.length === 0) return { disabled: 'next already' };
  return r;
}

/** A message as the list names it. */
export function messageLabel(m: Pick<InFlight, 'type' | 'from' | 'to' | 'seq'>): string {
  return `${m.type} kernel ${m.from} → kernel ${m.to} (#${m.seq})`;
}

/** What the reader asked, in words. */
export function choiceText(kind: 'first' | 'delay', m: InFlight, delays: readonly Delay[]): string {
  if (kind === 'delay') {
    const n = delays[0]?.epochs ?? 0;
    return `You held back ${messageLabel(m)} by ${n} epoch${n === 1 ? '' : 's'}.`;
  }
  const held = delays.length === 1 ? '1 message' : `${delays.length} messages`;
  return `You had ${messageLabel(m)} delivered first: ${held} due before it held back just past it.`;
}
