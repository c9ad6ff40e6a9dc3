// Exploration: which deliveries a reader may change, and what a change does. A person watching
// the machine may hold one message in flight back by a few epochs, or have one delivered before
// the others in flight; the change is recorded like typing, so a share link replays it.
//
// What the model allows: each link (one sender to one receiver) is FIFO, as the protocols
// assume and as a ring fed by one sender is, so no message may pass an earlier one on its link,
// and holding one back holds back the ones behind it on that link. Messages of different links
// (another sender, or another receiver) have no order the protocols may rely on: any of them may
// come first. "Deliver first" is therefore made of delays: the first message of every other
// link that is due before the chosen one is held back just past it (the rest of that link
// follows it). Pure: the messenger applies these rules to its inbox, the page to the trace.

/** The most epochs one delay may hold a message back (a recorded input asking more is refused). */
export const MAX_DELAY_EPOCHS = 50;

/** A message in flight: its link, its sequence number on the link, and when it is due. */
export interface LinkMessage {
  from: number;
  to: number;
  seq: number;
  deliverAt: number;
}

/** A message held back: it, and every later one on its link, is delivered no earlier than `until`. */
export interface HeldBack {
  from: number;
  to: number;
  seq: number;
  until: number;
}

/** A delay to record: message `seq` of link `from` → `to` held back `epochs` epochs. */
export interface Delay {
  from: number;
  to: number;
  seq: number;
  epochs: number;
}

/**
 * When message `m` is delivered, given the delays taken so far: its own time, or later when a
 * message at or before it on its link was held back past that (FIFO).
 */
export function heldDeliveryTime(m: LinkMessage, held: readonly HeldBack[]): number {
  let at = m.deliverAt;
  for (const h of held) if (h.from === m.from && h.to === m.to && h.seq <= m.seq && h.until > at) at = h.until;
  return at;
}

/** The time a delay of `epochs` gives a message due at `due` (already held or not). */
export function delayedUntil(due: number, epochs: number, epochNs: number): number {
  return due + epochs * epochNs;
}

/** Why `epochs` is no delay a person may ask for, or undefined when it is one. */
export function delayRefusal(epochs: number): string | undefined {
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > MAX_DELAY_EPOCHS)
    return `a delay is a whole number of epochs from 1 to ${MAX_DELAY_EPOCHS}`;
  return undefined;
}

/**
 * The messenger's delivery order: time, then sender, then sequence number (each receiver
 * delivers its own in this order); then receiver, which makes it total across the machine.
 */
export function deliveryOrder(a: LinkMessage, b: LinkMessage): number {
  return a.deliverAt - b.deliverAt || a.from - b.from || a.seq - b.seq || a.to - b.to;
}

/**
 * Why `later` may not be delivered before `earlier` (both in flight, `earlier` due first), or
 * undefined when the protocols allow either order.
 */
export function reorderRefusal(earlier: LinkMessage, later: LinkMessage): string | undefined {
  if (earlier.from === later.from && earlier.to === later.to) return 'same ring: FIFO';
  return undefined;
}

/**
 * The delays that deliver `target` before every other message of `inFlight` (each with the
 * delivery time it has now, holds included), or why that cannot be: a message before it on its
 * own link (FIFO), or one due so much earlier that holding it past `target` would take more than
 * MAX_DELAY_EPOCHS. Only the first message of each other link due before `target` is held: the
 * rest of that link waits behind it. No delays when `target` is already first.
 */
export function deliverFirst(
  target: LinkMessage,
  inFlight: readonly LinkMessage[],
  epochNs: number,
): { delays: Delay[] } | { refused: string } {
  const ahead = inFlight.filter((m) => !sameMessage(m, target) && deliveryOrder(m, target) < 0).sort(deliveryOrder);
  const delays: Delay[] = [];
  const links = new Set<string>();
  for (const m of ahead) {
    const why = reorderRefusal(m, target);
    if (why) return { refused: why };
    const link = `${m.from}>${m.to}`;
    if (links.has(link)) continue; // behind the one held on its link
    links.add(link);
    // just past the target: strictly later in time, whatever the senders' numbers
    const epochs = Math.floor((target.deliverAt - m.deliverAt) / epochNs) + 1;
    if (epochs > MAX_DELAY_EPOCHS)
      return { refused: `a message due first would need more than ${MAX_DELAY_EPOCHS} epochs of delay` };
    delays.push({ from: m.from, to: m.to, seq: m.seq, epochs });
  }
  return { delays };
}

function sameMessage(a: LinkMessage, b: LinkMessage): boolean {
  return a.from === b.from && a.to === b.to && a.seq === b.seq;
}
