// One kernel of the message-storm test: sends its share of messages round-robin to the other
// kernels through their rings (waiting, while a ring is full, by draining its own), and
// receives until every peer's messages have arrived, checking each sender's order.

import { parentPort, workerData } from 'node:worker_threads';
import { Ring, type Message } from '../ring';
import { ringBytes } from '../ring';

export interface StormInit {
  memory: WebAssembly.Memory;
  self: number;
  kernels: number;
  slots: number;
  perSender: number;
}

/** How many of sender s's messages go to kernel r (s sends message i to (s + 1 + i % (n-1)) % n). */
export function expectedFrom(s: number, r: number, n: number, perSender: number): number {
  if (s === r) return 0;
  const k = (r - s - 1 + n) % n; // the residue i % (n-1) that lands on r
  return Math.floor(perSender / (n - 1)) + (k < perSender % (n - 1) ? 1 : 0);
}

const { memory, self, kernels, slots, perSender } = workerData as StormInit;
const rings = Array.from({ length: kernels }, (_, k) => new Ring(memory, k * ringBytes(slots), slots));
const mine = rings[self] as Ring;
const inbox: Message[] = [];
const nextSeq = new Array<number>(kernels).fill(0);
const expected = Array.from({ length: kernels }, (_, s) => expectedFrom(s, self, kernels, perSender));
const total = expected.reduce((a, b) => a + b, 0);
let received = 0;
let outOfOrder = 0;

function drain(): void {
  mine.drain(inbox);
  for (const m of inbox) {
    if (m.seq !== nextSeq[m.from]) outOfOrder++;
    nextSeq[m.from] = m.seq + 1;
    received++;
  }
  inbox.length = 0;
}

const sentTo = new Array<number>(kernels).fill(0);
const payload = new Uint8Array(8);
for (let i = 0; i < perSender; i++) {
  const to = (self + 1 + (i % (kernels - 1))) % kernels;
  new DataView(payload.buffer).setUint32(0, i, true);
  (rings[to] as Ring).send({ from: self, type: 20, seq: sentTo[to] ?? 0, sentAt: i, deliverAt: i, payload }, (full) => {
    drain();
    full.waitForRoom(0.05);
  });
  sentTo[to] = (sentTo[to] ?? 0) + 1;
  if ((i & 63) === 0) drain();
}
while (received < total) {
  drain();
  if (received < total) Atomics.wait(new Int32Array(memory.buffer), 0, 0, 0.05);
}
parentPort?.postMessage({ self, received, outOfOrder, perSenderReceived: nextSeq, expected, stats: mine.stats() });
