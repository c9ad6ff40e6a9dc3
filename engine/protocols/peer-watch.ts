// Which peers this kernel takes as dead, watched at every epoch start (services.ts): a peer
// that stopped answering (its kernel crashed, or its worker died) is found dead there, and one
// booted again in its partition is found alive again there, a fresh instance that knows
// nothing of what the old one did. The services forget what they knew of a dead peer (its
// processes, its copies of pages, the threads that ran there), and take the new instance as a
// new peer once it checks in (NODE_INFO). Whether a peer is dead is asked of the epoch
// (engine/machine/kernel-states.ts), so every kernel sees the change at the same epoch start.
//
//   1. epoch start: each peer's state now is compared with the last one seen
//   2. alive -> dead: `died` (the services forget it); dead -> alive: `back` (they will take it
//      as new when its NODE_INFO arrives)

/** A transition of the watch: the dead peers now, and who died or came back since the last. */
export interface PeerChanges {
  readonly dead: ReadonlySet<number>;
  readonly died: readonly number[];
  readonly back: readonly number[];
}

/** Step 1 and 2, a pure function of the last dead set and each peer's state now. */
export function watchPeers(
  known: ReadonlySet<number>,
  kernels: number,
  self: number,
  deadNow: (kernel: number) => boolean,
): PeerChanges {
  const dead = new Set<number>();
  const died: number[] = [];
  const back: number[] = [];
  for (let k = 0; k < kernels; k++) {
    if (k === self) continue;
    const isDead = deadNow(k);
    if (isDead) dead.add(k);
    if (isDead && !known.has(k)) died.push(k);
    if (!isDead && known.has(k)) back.push(k);
  }
  return { dead, died, back };
}
