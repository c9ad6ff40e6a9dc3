import { describe, expect, it } from 'vitest';
import { decodeFrame, flowOf } from '../../engine/machine/browser/packets';
import { NET_IF } from '../../engine/protocols/interfaces/net';
import {
  addressName,
  connectionEnds,
  connectionFlow,
  dropsLine,
  formatBytes,
  framesPerInterrupt,
  napiLine,
} from './nic-figures';
import type { ViewConnection } from '../../engine/machine/browser/kernel-view';
import { encodeFrame } from '../../engine/kernels/net/packets/frame';

describe('NIC figures in words', () => {
  it('shows NAPI: frames against interrupts and polls', () => {
    expect(napiLine({ rxFrames: 412, rxInterrupts: 9, rxPolls: 15 })).toBe('412 frames, 9 interrupts, 15 polls');
    expect(napiLine({ rxFrames: 1, rxInterrupts: 1, rxPolls: 1 })).toBe('1 frame, 1 interrupt, 1 poll');
    expect(napiLine({ rxFrames: 12345, rxInterrupts: 0, rxPolls: 0 })).toBe('12,345 frames, 0 interrupts, 0 polls');
    expect(framesPerInterrupt({ rxFrames: 412, rxInterrupts: 9 })).toBe('45.8');
    expect(framesPerInterrupt({ rxFrames: 0, rxInterrupts: 0 })).toBe('');
  });

  it('sizes bytes and lists drops', () => {
    expect([0, 1023, 1536, 5 * 1024 * 1024].map(formatBytes)).toEqual(['0 B', '1023 B', '1.5 KiB', '5.0 MiB']);
    expect(dropsLine([])).toBe('none');
    expect(
      dropsLine([
        { reason: 'rx ring full', count: 3 },
        { reason: 'switch: station down', count: 1 },
      ]),
    ).toBe('3 rx ring full, 1 switch: station down');
  });

  it('names the machine’s stations', () => {
    expect(addressName(0x0a000001, 2)).toBe('10.0.0.1 (popcorn0)');
    expect(addressName(0x0a000064, 2)).toBe('10.0.0.100 (popcorn)');
    expect(addressName(0x0a0000fe, 2)).toBe('10.0.0.254 (host)');
    expect(addressName(0x0a000005, 2)).toBe('10.0.0.5');
  });

  it('lists a connection as netstat does, and filters by the flow its packets carry', () => {
    const c: ViewConnection = {
      localIp: 0x0a000002,
      localPort: 40000,
      remoteIp: 0x0a000001,
      remotePort: 7000,
      state: 'ESTABLISHED',
    };
    expect(connectionEnds(c)).toEqual({ local: '10.0.0.2:40000', remote: '10.0.0.1:7000' });
    const listener: ViewConnection = { localIp: 0, localPort: 7000, remoteIp: 0, remotePort: 0, state: 'LISTEN' };
    expect(connectionEnds(listener)).toEqual({ local: '*:7000', remote: '*:*' });
    expect(connectionFlow(listener)).toBeUndefined();
    // the same name flowOf gives the connection's packets
    const frame = encodeFrame({
      eth: { dst: 1, src: 2, etherType: 0x0800 },
      ip: { src: 0x0a000001, dst: 0x0a000002, protocol: 6, ttl: 64, id: 1 },
      l4: {
        kind: 'tcp',
        segment: { srcPort: 7000, dstPort: 40000, seq: 1, ack: 0, flags: 2, window: 1, payload: new Uint8Array(0) },
      },
    });
    const p = decodeFrame(NET_IF.NET_FRAME.decode(NET_IF.NET_FRAME.encode({ frame })).frame);
    if ('error' in p) throw new Error(p.error);
    expect(connectionFlow(c)).toBe(flowOf(p));
  });
});
