// How the messages view writes things: message types short enough to label an arrow between
// two lifelines a few dozen pixels apart, and send rates (times: app/virtual-time.ts).

import { messageTypeName } from '../../engine/machine/browser/trace-events';

/**
 * A message type's name shortened for an arrow between two close lifelines: Popcorn's name with
 * its longest words cut (REMOTE_PAGE_REQUEST -> PAGE_REQ). Only for labels that show the full
 * name on hover (sequence-layout.ts uses the full name wherever it fits).
 */
export function shortTypeName(type: number): string {
  return messageTypeName(type)
    .replace(/^REMOTE_/, '')
    .replace(/INVALIDATE/g, 'INVAL')
    .replace(/REQUEST/g, 'REQ')
    .replace(/RESPONSE/g, 'RESP');
}

/** A rate in messages per virtual millisecond, with as many decimals as a small rate needs. */
export function formatRate(perMs: number): string {
  if (perMs === 0) return '0';
  if (perMs >= 100) return Math.round(perMs).toString();
  if (perMs >= 1) return perMs.toFixed(1);
  return perMs.toFixed(2);
}
