// The TCP state machine, transition by transition: the handshake's steps as the machine's
// header numbers them, flow control against the receiver's window, the teardown from either
// side and both at once, resets, and the timers (retransmission, persist, TIME_WAIT).
import { describe, expect, it } from 'vitest';
import { ECONNREFUSED, ECONNRESET, EHOSTUNREACH, ETIMEDOUT } from '../../errno';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../packets/tcp-segment';
import {
  activeOpen,
  advance,
  DATA_RETRIES,
  LOCAL_MSS,
  type Outgoing,
  passiveOpen,
  resetFor,
  RTO_INITIAL_NS,
  RTO_MIN_NS,
  SYN_RETRIES,
  type Tcb,
  type TcpStep,
  TIME_WAIT_NS,
  unsent,
} from './tcp-machine';

const SPACE = 65536;
const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

/** Two ends, client and server, joined by a lossless link the test drives one segment at a time. */
class Pair {
  client: Tcb;
  server: Tcb;
  /** Segments in flight to each end, in order. */
  readonly toServer: Outgoing[] = [];
  readonly toClient: Outgoing[] = [];
  readonly received = { client: [] as number[], server: [] as number[] };
  readonly notes = { client: [] as unknown[], server: [] as unknown[] };

  constructor(serverSpace = SPACE, clientSpace = SPACE) {
    const open = activeOpen(1000, clientSpace, 0);
    this.client = open.tcb;
    this.toServer.push(...open.out);
    const syn = this.toServer.shift() as Outgoing;
    const accept = passiveOpen(syn, 5000, serverSpace, 0);
    this.server = accept.tcb;
    this.toClient.push(...accept.out);
    this.run();
  }

  apply(side: 'client' | 'server', step: TcpStep): void {
    this[side] = step.tcb;
    (side === 'client' ? this.toServer : this.toClient).push(...step.out);
    if (step.data) this.received[side].push(...step.data);
    this.notes[side].push(...step.notes);
  }

  /** Delivers everything in flight, both ways, until the link is quiet. */
  run(now = 1): void {
    for (let guard = 0; guard < 10_000; guard++) {
      const toS = this.toServer.shift();
      if (toS) this.apply('server', advance(this.server, { kind: 'segment', segment: toS, now }));
      const toC = this.toClient.shift();
      if (toC) this.apply('client', advance(this.client, { kind: 'segment', segment: toC, now }));
      if (!toS && !toC) return;
    }
    throw new Error('the link never went quiet');
  }
}

describe('the handshake', () => {
  it('1. connect sends a SYN with its MSS and waits in SYN_SENT', () => {
    const step = activeOpen(1000, SPACE, 0);
    expect(step.tcb.state).toBe('SYN_SENT');
    expect(step.out).toEqual([expect.objectContaining({ seq: 1000, flags: TCP_SYN, mss: LOCAL_MSS, window: 0xffff })]);
    expect(step.tcb.timer).toEqual({ at: RTO_INITIAL_NS, kind: 'retransmit' });
  });

  it('2. a listener answers SYN-ACK, acknowledging the SYN, in SYN_RECEIVED', () => {
    const syn = activeOpen(1000, SPACE, 0).out[0] as Outgoing;
    const step = passiveOpen(syn, 5000, SPACE, 0);
    expect(step.tcb.state).toBe('SYN_RECEIVED');
    expect(step.out).toEqual([expect.objectContaining({ seq: 5000, ack: 1001, flags: TCP_SYN | TCP_ACK })]);
  });

  it('3. the ACK of the SYN-ACK makes both ends ESTABLISHED', () => {
    const pair = new Pair();
    expect(pair.client.state).toBe('ESTABLISHED');
    expect(pair.server.state).toBe('ESTABLISHED');
    expect(pair.notes.client).toEqual(['established']);
    expect(pair.notes.server).toEqual(['established']);
    expect(pair.client.timer).toBeUndefined();
    expect(pair.server.timer).toBeUndefined();
  });

  it('a RST answering the SYN refuses the connection (ECONNREFUSED)', () => {
    const open = activeOpen(1000, SPACE, 0);
    const rst = resetFor(open.out[0] as Outgoing) as Outgoing;
    expect(rst).toMatchObject({ flags: TCP_RST | TCP_ACK, ack: 1001 });
    const step = advance(open.tcb, { kind: 'segment', segment: rst, now: 1 });
    expect(step.tcb.state).toBe('CLOSED');
    expect(step.notes).toEqual([{ reset: ECONNREFUSED }, 'closed']);
  });

  it('a RST is never answered with one', () => {
    expect(resetFor({ seq: 1, ack: 2, flags: TCP_RST, window: 0, payload: bytes(0) })).toBeUndefined();
  });

  it('a SYN that is never answered is sent again, with the timeout doubling, then ETIMEDOUT', () => {
    let step = activeOpen(1000, SPACE, 0);
    let now = 0;
    for (let retry = 1; retry <= SYN_RETRIES; retry++) {
      now = step.tcb.timer?.at as number;
      step = advance(step.tcb, { kind: 'timer', now });
      expect(step.out).toEqual([expect.objectContaining({ seq: 1000, flags: TCP_SYN })]);
      expect(step.tcb.rto).toBe(RTO_INITIAL_NS * 2 ** retry);
    }
    step = advance(step.tcb, { kind: 'timer', now: step.tcb.timer?.at as number });
    expect(step.notes).toEqual([{ reset: ETIMEDOUT }, 'closed']);
  });

  it('a SYN to a kernel that went away fails with EHOSTUNREACH', () => {
    const step = advance(activeOpen(1000, SPACE, 0).tcb, { kind: 'link-down' });
    expect(step.notes).toEqual([{ reset: EHOSTUNREACH }, 'closed']);
  });
});

describe('data and flow control', () => {
  it('sends in segments of the peer MSS, the last one pushed, and the receiver acknowledges them', () => {
    const pair = new Pair();
    pair.apply('client', advance(pair.client, { kind: 'send', data: bytes(3000), now: 1 }));
    expect(pair.toServer.map((s) => [s.payload.length, s.flags])).toEqual([
      [LOCAL_MSS, TCP_ACK],
      [LOCAL_MSS, TCP_ACK],
      [80, TCP_ACK | TCP_PSH],
    ]);
    expect(pair.client.timer?.kind).toBe('retransmit');
    pair.run();
    expect(pair.received.server.length).toBe(3000);
    expect(pair.client.queued).toBe(0);
    expect(pair.client.timer).toBeUndefined();
    expect(pair.notes.client).toContain('acked');
  });

  it('never has more in flight than the receiver offered; a read reopens the window', () => {
    const pair = new Pair(4000);
    pair.apply('client', advance(pair.client, { kind: 'send', data: bytes(10_000), now: 1 }));
    pair.run();
    expect(pair.received.server.length).toBe(4000); // the window it offered
    expect(pair.server.rcvSpace).toBe(0);
    expect(unsent(pair.client)).toBe(6000);
    expect(pair.client.timer?.kind).toBe('persist'); // facing a shut window
    // the reader takes everything: the server says its window is open again
    pair.apply('server', advance(pair.server, { kind: 'read', space: 4000, now: 2 }));
    expect(pair.toClient).toEqual([expect.objectContaining({ flags: TCP_ACK, window: 4000 })]);
    pair.run();
    expect(pair.received.server.length).toBe(8000);
  });

  it('a small read does not announce a window (silly window avoidance); one of an MSS does', () => {
    const pair = new Pair(4000);
    pair.apply('client', advance(pair.client, { kind: 'send', data: bytes(3000), now: 1 }));
    pair.run();
    expect(pair.server.rcvSpace).toBe(1000);
    pair.apply('server', advance(pair.server, { kind: 'read', space: 1500, now: 2 }));
    expect(pair.toClient).toEqual([]); // the edge moved 500 bytes: not worth a segment
    pair.apply('server', advance(pair.server, { kind: 'read', space: 4000, now: 3 }));
    expect(pair.toClient).toEqual([expect.objectContaining({ flags: TCP_ACK, window: 4000 })]);
  });

  it('any room in a shut window is announced (the sender waits for nothing else)', () => {
    const pair = new Pair(4000);
    pair.apply('client', advance(pair.client, { kind: 'send', data: bytes(10_000), now: 1 }));
    pair.run();
    pair.apply('server', advance(pair.server, { kind: 'read', space: 100, now: 2 }));
    expect(pair.toClient).toEqual([expect.objectContaining({ window: 100 })]);
  });

  it('the persist timer probes a shut window with an old sequence number, which the peer answers', () => {
    const pair = new Pair(1000);
    pair.apply('client', advance(pair.client, { kind: 'send', data: bytes(2000), now: 1 }));
    pair.run();
    const step = advance(pair.client, { kind: 'timer', now: pair.client.timer?.at as number });
    expect(step.out).toEqual([expect.objectContaining({ seq: pair.client.sndUna - 1, payload: bytes(0) })]);
    pair.apply('client', step);
    const answer = advance(pair.server, { kind: 'segment', segment: pair.toServer.shift() as Outgoing, now: 2 });
    expect(answer.out).toEqual([expect.objectContaining({ flags: TCP_ACK, window: 0 })]);
  });

  it('a timeout sends the unacknowledged bytes again from the oldest (go-back-N)', () => {
    const pair = new Pair();
    pair.apply('client', advance(pair.client, { kind: 'send', data: bytes(2000), now: 1 }));
    pair.toServer.splice(0); // lost
    const step = advance(pair.client, { kind: 'timer', now: 1 + RTO_MIN_NS });
    expect(step.out.map((s) => [s.seq, s.payload.length])).toEqual([
      [1001, LOCAL_MSS],
      [1001 + LOCAL_MSS, 2000 - LOCAL_MSS],
    ]);
    pair.apply('client', step);
    pair.run();
    expect(pair.received.server.length).toBe(2000);
  });

  it('data already received (a retransmission overlapping it) is cut, not delivered twice', () => {
    const pair = new Pair();
    pair.apply('client', advance(pair.client, { kind: 'send', data: Uint8Array.from([1, 2, 3, 4]), now: 1 }));
    const seg = pair.toServer[0] as Outgoing;
    pair.run();
    const again = { ...seg, payload: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    const step = advance(pair.server, { kind: 'segment', segment: again, now: 2 });
    expect([...(step.data ?? [])]).toEqual([5, 6]);
  });

  it('a connection that never gets its data acknowledged gives up with ETIMEDOUT', () => {
    const pair = new Pair();
    let step = advance(pair.client, { kind: 'send', data: bytes(10), now: 1 });
    for (let i = 0; i <= DATA_RETRIES; i++)
      step = advance(step.tcb, { kind: 'timer', now: step.tcb.timer?.at as number });
    expect(step.notes).toEqual([{ reset: ETIMEDOUT }, 'closed']);
  });
});

describe('the teardown', () => {
  it('close sends FIN after the queue; the peer reads end of file, closes, and the first end waits in TIME_WAIT', () => {
    const pair = new Pair();
    pair.apply('client', advance(pair.client, { kind: 'send', data: bytes(100), now: 1 }));
    pair.apply('client', advance(pair.client, { kind: 'close', now: 1 }));
    // the data went at once; the FIN follows it, a segment of its own
    expect(pair.toServer.map((s) => s.flags)).toEqual([TCP_ACK | TCP_PSH, TCP_FIN | TCP_ACK]);
    pair.run();
    expect(pair.client.state).toBe('FIN_WAIT_2');
    expect(pair.server.state).toBe('CLOSE_WAIT');
    expect(pair.notes.server).toContain('fin');
    pair.apply('server', advance(pair.server, { kind: 'close', now: 2 }));
    expect(pair.server.state).toBe('LAST_ACK');
    pair.run(3);
    expect(pair.server.state).toBe('CLOSED');
    expect(pair.notes.server.at(-1)).toBe('closed');
    expect(pair.client.state).toBe('TIME_WAIT');
    const end = advance(pair.client, { kind: 'timer', now: 3 + TIME_WAIT_NS });
    expect(end.notes).toEqual(['closed']);
  });

  it('a FIN rides on the last data segment when the close comes before it is sent', () => {
    const pair = new Pair(1000);
    pair.apply('client', advance(pair.client, { kind: 'send', data: bytes(1500), now: 1 }));
    pair.apply('client', advance(pair.client, { kind: 'close', now: 1 }));
    pair.run();
    pair.apply('server', advance(pair.server, { kind: 'read', space: 1000, now: 2 }));
    pair.run();
    expect(pair.client.finSent).toBe(true);
    expect(pair.received.server.length).toBe(1500);
    expect(pair.server.state).toBe('CLOSE_WAIT');
  });

  it('both ends closing at once pass through CLOSING to TIME_WAIT', () => {
    const pair = new Pair();
    pair.apply('client', advance(pair.client, { kind: 'close', now: 1 }));
    pair.apply('server', advance(pair.server, { kind: 'close', now: 1 }));
    const finToServer = pair.toServer.shift() as Outgoing;
    const finToClient = pair.toClient.shift() as Outgoing;
    pair.apply('server', advance(pair.server, { kind: 'segment', segment: finToServer, now: 2 }));
    pair.apply('client', advance(pair.client, { kind: 'segment', segment: finToClient, now: 2 }));
    expect(pair.client.state).toBe('CLOSING');
    expect(pair.server.state).toBe('CLOSING');
    pair.run(3);
    expect(pair.client.state).toBe('TIME_WAIT');
    expect(pair.server.state).toBe('TIME_WAIT');
  });

  it('abort (a close with unread data) sends RST; the peer fails with ECONNRESET', () => {
    const pair = new Pair();
    const step = advance(pair.server, { kind: 'abort' });
    expect(step.out).toEqual([expect.objectContaining({ flags: TCP_RST | TCP_ACK, seq: pair.server.sndNxt })]);
    expect(step.notes).toEqual(['closed']);
    pair.apply('server', step);
    pair.run();
    expect(pair.client.state).toBe('CLOSED');
    expect(pair.notes.client).toContain('closed');
    expect(pair.notes.client).toContainEqual({ reset: ECONNRESET });
  });

  it('a peer kernel that went away resets an established connection', () => {
    const pair = new Pair();
    expect(advance(pair.client, { kind: 'link-down' }).notes).toEqual([{ reset: ECONNRESET }, 'closed']);
  });

  it('a segment out of order is answered with an ACK saying what is expected, and dropped', () => {
    const pair = new Pair();
    const ahead = {
      seq: pair.server.rcvNxt + 10,
      ack: pair.client.rcvNxt,
      flags: TCP_ACK,
      window: 100,
      payload: bytes(5),
    };
    const step = advance(pair.server, { kind: 'segment', segment: ahead, now: 2 });
    expect(step.data).toBeUndefined();
    expect(step.out).toEqual([expect.objectContaining({ ack: pair.server.rcvNxt, flags: TCP_ACK })]);
  });

  it('close in SYN_SENT forgets the attempt without a word', () => {
    const step = advance(activeOpen(1, SPACE, 0).tcb, { kind: 'close', now: 1 });
    expect(step).toMatchObject({ out: [], notes: ['closed'] });
  });
});
