import { describe, expect, it } from 'vitest';
import { loadUserlandFiles } from '../../kernels/userland-files';
import { decodeMessage } from '../../protocols/messaging/message-types';
import { MSG } from '../../protocols/messaging/message-types';
import type { MessageKeeper } from '../kernel-node';
import { LocalMachine } from '../local-machine';
import { parseScenario } from '../scenario';
import { KernelViewReader, KernelViewWriter } from './kernel-view';
import { decodeFrame, describePacket } from './packets';
import { RecentFrames } from './recent-frames';
import { boardBase, FRAME_AREA, SEQ } from './view-board-layout';

describe('the network part of the view boards', () => {
  it('shows each NIC, its connections and the frames it sent, for the page to decode', async () => {
    const text = JSON.stringify({
      version: 1,
      machine: { preset: 'two-kernels' },
      shells: false,
      programs: [
        { kernel: 0, at: 300_000, argv: ['tcpperf', 'server', '7000'] },
        { kernel: 1, at: 1_500_000, argv: ['tcpperf', 'rtt', 'popcorn0', '7000', '20'] },
      ],
    });
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles());
    m.runUntil(200_000); // both kernels booted
    const frames = m.kernels.map((k, i) => {
      const kept = new RecentFrames();
      const keeper: MessageKeeper = {
        record(from, to, seq, type, body, sentAt, deliverAt) {
          if (type === MSG.NET_FRAME && from === i) kept.record(to, seq, sentAt, deliverAt, body);
        },
      };
      k.node.recent = keeper;
      return kept;
    });
    const read = new KernelViewReader(m.memory);
    const writers = m.kernels.map((k) => new KernelViewWriter(m.memory, k.index));
    const publish = () => {
      m.kernels.forEach((k, i) => {
        const { services } = k.node;
        writers[i]?.publish(k.node.kernel, services.migration.dist, m.epoch, undefined, {
          inet: services.net.inet,
          switchDrops: services.net.counters.dropped,
          frames: frames[i] as RecentFrames,
        });
      });
    };
    expect(read.net(0), 'nothing before the kernel publishes').toBeUndefined();
    m.runUntil(1_000_000);
    publish();
    const listening = read.net(0);
    expect(listening?.nic.ip).toBe(0x0a000001);
    expect(listening?.nic.connections).toEqual([
      { localIp: 0, localPort: 7000, remoteIp: 0, remotePort: 0, state: 'LISTEN' },
    ]);

    // the client's SYN, the server's SYN-ACK and the ACK, in that order across the two kernels
    while (((frames[1]?.count ?? 0) < 2 || (frames[0]?.count ?? 0) < 1) && m.now < 40_000_000) m.step();
    publish();
    const sent = [0, 1].flatMap((k) => read.net(k)?.frames ?? []).sort((a, b) => a.sentAt - b.sentAt);
    const lines = sent.map((f) => {
      const message = decodeMessage(MSG.NET_FRAME, f.body);
      if (message.name !== 'NET_FRAME') throw new Error('not a frame');
      const p = decodeFrame(message.fields.frame);
      if ('error' in p) throw new Error(p.error);
      return `${f.from}>${f.to} ${describePacket(p)}`;
    });
    expect(lines[0]).toMatch(/^1>0 10\.0\.0\.2\.\d+ > 10\.0\.0\.1\.7000: Flags \[S\], seq \d+, win/);
    expect(lines[1]).toMatch(/^0>1 10\.0\.0\.1\.7000 > 10\.0\.0\.2\.\d+: Flags \[S\.\], seq \d+, ack \d+/);
    expect(lines[2]).toMatch(/^1>0 10\.0\.0\.2\.\d+ > 10\.0\.0\.1\.7000: Flags \[\.\], ack \d+/);
    const first = sent[0];
    expect(first && first.deliverAt > first.sentAt).toBe(true);

    // the round trips: counters move, the NAPI counts hold
    m.runUntil(m.now + 30_000_000);
    publish();
    const server = read.net(0);
    const client = read.net(1);
    if (!server || !client) throw new Error('no card published');
    expect(server.nic.rxFrames).toBeGreaterThan(20);
    expect(server.nic.rxInterrupts).toBeGreaterThan(0);
    expect(server.nic.rxInterrupts).toBeLessThanOrEqual(server.nic.rxFrames);
    expect(server.nic.rxPolls).toBeGreaterThanOrEqual(server.nic.rxInterrupts);
    expect(server.nic.txFrames).toBe(server.nic.framesSent);
    expect(client.nic.txBytes).toBeGreaterThan(client.nic.txFrames * 54);
    // only the frames after `since` come back
    const all = read.net(1)?.frames ?? [];
    const newest = all.at(-1);
    expect(newest?.ordinal).toBe(client.nic.framesSent - 1);
    expect(read.net(1, newest?.ordinal ?? 0)?.frames).toEqual([newest]);
    const bytes = all.reduce((n, f) => n + 40 + f.body.length, 0);
    expect(bytes).toBeLessThanOrEqual(FRAME_AREA + all.length * 3);

    // a board caught mid-write gives the card of the last reading, and no frames
    const words = new Int32Array(m.memory.buffer);
    const seqAt = (boardBase(1) + SEQ) >> 2;
    Atomics.add(words, seqAt, 1); // odd: being written
    expect(read.net(1)).toEqual({ nic: client.nic, frames: [] });
    Atomics.sub(words, seqAt, 1);

    // a kernel that is down shows no card
    writers[1]?.publishDown(m.epoch);
    expect(read.net(1)).toBeUndefined();
  }, 60_000);

  it('keeps the small frames of a bulk transfer (its handshake) when full ones would push them out', async () => {
    const text = JSON.stringify({
      version: 1,
      machine: { preset: 'two-kernels' },
      shells: false,
      programs: [
        { kernel: 0, at: 300_000, argv: ['tcpperf', 'server', '7000'] },
        { kernel: 1, at: 1_500_000, argv: ['tcpperf', 'bulk', 'popcorn0', '7000', '1048576'] },
      ],
    });
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles());
    m.runUntil(200_000);
    const kept = new RecentFrames();
    const keeper: MessageKeeper = {
      record(from, to, seq, type, body, sentAt, deliverAt) {
        if (type === MSG.NET_FRAME && from === 1) kept.record(to, seq, sentAt, deliverAt, body);
      },
    };
    const client = m.kernels[1];
    if (!client) throw new Error('no kernel 1');
    client.node.recent = keeper;
    m.runUntil(40_000_000); // the whole transfer, published once at its end
    const { services } = client.node;
    new KernelViewWriter(m.memory, 1).publish(client.node.kernel, services.migration.dist, m.epoch, undefined, {
      inet: services.net.inet,
      switchDrops: services.net.counters.dropped,
      frames: kept,
    });
    const net = new KernelViewReader(m.memory).net(1);
    if (!net) throw new Error('no card');
    expect(net.nic.framesSent).toBeGreaterThan(700);
    const full = net.frames.filter((f) => f.body.length > 1000);
    expect(full.length).toBeGreaterThan(0);
    expect(full.reduce((n, f) => n + 40 + f.body.length, 0)).toBeLessThanOrEqual(FRAME_AREA / 2);
    const first = net.frames[0];
    expect(first?.ordinal, 'the SYN, the first frame the client sent, is still there').toBe(0);
    const ordinals = net.frames.map((f) => f.ordinal);
    expect(ordinals).toEqual([...ordinals].sort((a, b) => a - b));
  }, 60_000);
});
