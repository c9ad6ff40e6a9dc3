// The virtual switch's forwarding decision, as a pure function of a frame and of which kernels
// are online. Popcorn's inter-kernel switch is not a box of its own: each kernel's port does
// the switching for the frames it sends, over the rings to the port they are for. So the
// decision is made where the frame enters the switch, and must not depend on anything but the
// frame and the online set, or the ports would disagree.
//
// Unicast frames go to the station their destination MAC names. Frames for the machine's
// service address (SERVICE_MAC) meet the balancer: it spreads connections over the online
// kernels by rendezvous hashing of the flow (the source address and port): every frame of a
// connection goes to the same kernel, a new connection lands wherever its hash ranks highest,
// and a kernel going away moves only the flows it had, as Maglev-style balancers promise. The
// chosen kernel answers from the service address straight to the client (direct server
// return), so replies never pass the balancer.

import { stationOfMac, type Station } from '../../kernels/net/lan';
import { destinationMac } from '../../kernels/net/nic';

export type SwitchDecision = { to: number | 'host' } | { drop: string };

/**
 * Where the switch sends `frame`: a kernel, the host port, or nowhere (why). `online`: the
 * kernels that take part now, this one included; `kernels`: how many the machine has.
 */
export function switchFrame(frame: Uint8Array, online: readonly number[], kernels: number): SwitchDecision {
  const station: Station | undefined = stationOfMac(destinationMac(frame), kernels);
  if (station === undefined) return { drop: 'unknown destination' };
  if (station === 'host') return { to: 'host' };
  if (station !== 'service') return online.includes(station) ? { to: station } : { drop: 'station down' };
  const backend = balance(flowHashKey(frame), online);
  return backend === undefined ? { drop: 'no kernel online' } : { to: backend };
}

/** The kernel a flow goes to: the online kernel whose weight for the flow is highest. */
export function balance(flow: number, online: readonly number[]): number | undefined {
  let best: number | undefined;
  let bestWeight = -1;
  for (const k of online) {
    const weight = mix(flow ^ Math.imul(k + 1, 0x9e3779b1));
    if (weight > bestWeight) {
      best = k;
      bestWeight = weight;
    }
  }
  return best;
}

/** The flow a frame belongs to: its IPv4 source address and TCP or UDP source port, hashed. */
export function flowHashKey(frame: Uint8Array): number {
  const ip = 14;
  if (frame.length < ip + 20) return 0;
  const headerBytes = ((frame[ip] as number) & 0xf) * 4;
  let key = 0;
  for (let i = 12; i < 16; i++) key = Math.imul(key, 31) + (frame[ip + i] as number);
  const l4 = ip + headerBytes;
  if (frame.length >= l4 + 2) key = Math.imul(key, 31) + (((frame[l4] as number) << 8) | (frame[l4 + 1] as number));
  return mix(key);
}

/** A 32-bit integer hash (murmur3's finaliser): nearby inputs land far apart. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
