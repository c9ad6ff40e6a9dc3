// The switch's forwarding decision: unicast to the station a MAC names, the host port, drops
// with a reason, and the balancer's promises (a flow stays on one kernel; flows spread; a
// kernel going away moves only its own flows).
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../kernels/net/packets/frame';
import { ETHERTYPE_IPV4 } from '../../kernels/net/packets/ethernet';
import { TCP_SYN } from '../../kernels/net/packets/tcp-segment';
import { HOST_MAC, kernelIp, kernelMac, SERVICE_IP, SERVICE_MAC } from '../../kernels/net/lan';
import { balance, flowHashKey, switchFrame } from './switch';

function frame(dstMac: number, srcIp: number, srcPort: number, dstIp = SERVICE_IP): Uint8Array {
  return encodeFrame({
    eth: { dst: dstMac, src: kernelMac(0), etherType: ETHERTYPE_IPV4 },
    ip: { src: srcIp, dst: dstIp, protocol: 6, ttl: 64, id: 1 },
    l4: {
      kind: 'tcp',
      segment: { srcPort, dstPort: 80, seq: 1, ack: 0, flags: TCP_SYN, window: 1000, payload: new Uint8Array(0) },
    },
  });
}

describe('the switch', () => {
  it('sends a unicast frame to the kernel its MAC names, if that kernel is online', () => {
    expect(switchFrame(frame(kernelMac(2), kernelIp(0), 1000, kernelIp(2)), [0, 1, 2], 3)).toEqual({ to: 2 });
    expect(switchFrame(frame(kernelMac(2), kernelIp(0), 1000, kernelIp(2)), [0, 1], 3)).toEqual({
      drop: 'station down',
    });
    expect(switchFrame(frame(kernelMac(7), kernelIp(0), 1000, kernelIp(7)), [0, 1], 3)).toEqual({
      drop: 'unknown destination',
    });
    expect(switchFrame(frame(HOST_MAC, kernelIp(0), 1000), [0], 1)).toEqual({ to: 'host' });
    expect(switchFrame(new Uint8Array(3), [0], 1)).toEqual({ drop: 'unknown destination' });
  });

  it('keeps every frame of a flow on one kernel, and spreads flows over all of them', () => {
    const online = [0, 1, 2, 3];
    const chosen = new Map<number, number>();
    for (let port = 40000; port < 40400; port++) {
      const first = switchFrame(frame(SERVICE_MAC, kernelIp(0), port), online, 4);
      const again = switchFrame(frame(SERVICE_MAC, kernelIp(0), port), online, 4);
      expect(again).toEqual(first);
      const to = (first as { to: number }).to;
      chosen.set(to, (chosen.get(to) ?? 0) + 1);
    }
    for (const k of online) expect(chosen.get(k) ?? 0).toBeGreaterThan(60); // 100 each if even
  });

  it('moves only the flows of a kernel that goes away', () => {
    const flows = Array.from({ length: 300 }, (_, i) => flowHashKey(frame(SERVICE_MAC, kernelIp(1), 30000 + i)));
    const before = flows.map((f) => balance(f, [0, 1, 2, 3]));
    const after = flows.map((f) => balance(f, [0, 1, 3]));
    flows.forEach((_, i) => {
      if (before[i] !== 2) expect(after[i]).toBe(before[i]);
      else expect(after[i]).not.toBe(2);
    });
    expect(balance(1, [])).toBeUndefined();
  });
});
