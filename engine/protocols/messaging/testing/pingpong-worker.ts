// A worker for the messaging benchmarks. Role 'echo' answers every message it receives with
// one back to its sender; role 'ping' sends one and spins until the answer comes, `count`
// times (round-trip time); role 'blast' sends `count` messages as fast as the ring takes them
// and role 'sink' receives them (throughput). Everything polls: no doorbell, no sleeping.

import { parentPort, workerData } from 'node:worker_threads';
import { Ring, ringBytes, type Message } from '../ring';

interface Init {
  memory: WebAssembly.Memory;
  role: 'ping' | 'echo' | 'blast' | 'sink';
  self: number;
  slots: number;
  count: number;
}

const { memory, role, self, slots, count } = workerData as Init;
const rings = [0, 1].map((k) => new Ring(memory, k * ringBytes(slots), slots));
const mine = rings[self] as Ring;
const peer = rings[1 - self] as Ring;
const inbox: Message[] = [];
const payload = new Uint8Array(24);
const spin = () => {
  mine.drain(inbox);
};
const message = (seq: number): Message => ({ from: self, type: 20, seq, sentAt: 0, deliverAt: 0, payload });

const start = performance.now();
if (role === 'ping') {
  for (let i = 0; i < count; i++) {
    peer.send(message(i), spin);
    while (inbox.length === 0) mine.drain(inbox);
    inbox.length = 0;
  }
} else if (role === 'echo') {
  for (let i = 0; i < count;) {
    mine.drain(inbox);
    for (const m of inbox) {
      peer.send(message(m.seq), spin);
      i++;
    }
    inbox.length = 0;
  }
} else if (role === 'blast') {
  for (let i = 0; i < count; i++) peer.send(message(i), () => undefined);
} else {
  let got = 0;
  let first = 0;
  while (got < count) {
    const n = mine.drain(inbox);
    if (n > 0 && got === 0) first = performance.now(); // time from the first arrival: workers start at different moments
    got += n;
    inbox.length = 0;
  }
  parentPort?.postMessage({ ms: performance.now() - first });
}
if (role !== 'sink') parentPort?.postMessage({ ms: performance.now() - start });
