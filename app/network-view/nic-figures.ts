// How the network view words a kernel's NIC and connections: NAPI's mitigation as a sentence
// ("412 frames, 9 interrupts, 15 polls"), byte counts, drops, and a connection as netstat
// lists it.

import type { ViewConnection, ViewNic } from '../../engine/machine/browser/kernel-view';
import { flowOf, formatIp, HOST_IP, SERVICE_IP, type Packet } from '../../engine/machine/browser/packets';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** Frames received against the interrupts and polls that took them in. */
export function napiLine(nic: Pick<ViewNic, 'rxFrames' | 'rxInterrupts' | 'rxPolls'>): string {
  return `${plural(nic.rxFrames, 'frame')}, ${plural(nic.rxInterrupts, 'interrupt')}, ${plural(nic.rxPolls, 'poll')}`;
}

/** Frames per interrupt, one decimal ('' before any interrupt). */
export function framesPerInterrupt(nic: Pick<ViewNic, 'rxFrames' | 'rxInterrupts'>): string {
  return nic.rxInterrupts === 0 ? '' : (nic.rxFrames / nic.rxInterrupts).toFixed(1);
}

/** Bytes as "812 B", "12.3 KiB", "4.0 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** "3 rx ring full, 1 switch: station down", or "none". */
export function dropsLine(drops: ViewNic['drops']): string {
  return drops.length === 0 ? 'none' : drops.map((d) => `${d.count.toLocaleString('en')} ${d.reason}`).join(', ');
}

/** An address with its station's name where the machine has one: "10.0.0.100 (popcorn)". */
export function addressName(ip: number, kernels: number): string {
  const text = formatIp(ip);
  if (ip === SERVICE_IP) return `${text} (popcorn)`;
  if (ip === HOST_IP) return `${text} (host)`;
  const k = (ip & 0xff) - 1;
  if (ip >>> 8 === 0x0a0000 && k >= 0 && k < kernels) return `${text} (popcorn${k})`;
  return text;
}

/** A connection's ends as netstat writes them: "10.0.0.1:7000 ⇄ 10.0.0.2:40000", "*:7000" for a listener. */
export function connectionEnds(c: ViewConnection): { local: string; remote: string } {
  const local = `${c.localIp === 0 ? '*' : formatIp(c.localIp)}:${c.localPort}`;
  const remote = c.state === 'LISTEN' ? '*:*' : `${formatIp(c.remoteIp)}:${c.remotePort}`;
  return { local, remote };
}

/** The flow a connection's packets carry (flowOf's name for it), to filter the list by (undefined for a listener). */
export function connectionFlow(c: ViewConnection): string | undefined {
  if (c.state === 'LISTEN') return undefined;
  // flowOf reads only the addresses and ports: a segment of the connection's names it
  const segment = {
    ip: { src: c.localIp, dst: c.remoteIp },
    l4: { kind: 'tcp', segment: { srcPort: c.localPort, dstPort: c.remotePort } },
  };
  return flowOf(segment as unknown as Packet);
}
