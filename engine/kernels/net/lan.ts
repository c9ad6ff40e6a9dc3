// The machine's local network: who is where on it. Every kernel is a host on one Ethernet
// segment (10.0.0.0/24), as the kernels of a Popcorn machine are hosts on its inter-kernel
// virtual switch: kernel K is popcornK at 10.0.0.(K+1), with a locally administered MAC that
// carries the same number. Two more names: `popcorn`, the service address of the whole
// machine (the switch spreads connections to it over the kernels: its load balancer), and
// `host`, the computer the machine runs on (the CLI's port forwarding reaches the machine
// from there). The neighbour table is static, so there is no ARP: a MAC is a function of the
// address, as a configured static ARP table would give it.

import { INADDR_ANY } from './sockaddr';

/** 10.0.0.0/24. */
export const LAN_NETWORK = 0x0a000000;
export const LAN_MASK = 0xffffff00;
/** The machine's service address (`popcorn`): connections to it are balanced over the kernels. */
export const SERVICE_IP = 0x0a000064; // 10.0.0.100
/** The computer the machine runs on (`host`), reached through the CLI's forwarding. */
export const HOST_IP = 0x0a0000fe; // 10.0.0.254
/** Kernels the LAN numbers (addresses 10.0.0.1 to 10.0.0.99). */
export const MAX_LAN_KERNELS = 99;

const MAC_PREFIX = 0x02_00_00_00_00_00; // locally administered, unicast

/** Kernel `k`'s address. */
export function kernelIp(k: number): number {
  return (LAN_NETWORK + k + 1) >>> 0;
}

/** Kernel `k`'s NIC address. */
export function kernelMac(k: number): number {
  return MAC_PREFIX + k + 1;
}

/** The service address's MAC: frames to it go to the switch's balancer. */
export const SERVICE_MAC = MAC_PREFIX + 0x64;
export const HOST_MAC = MAC_PREFIX + 0xfe;

/** Who has `ip` on the LAN: a kernel's number, 'service', 'host', or undefined (nobody). */
export type Station = number | 'service' | 'host';

export function stationOf(ip: number, kernels: number): Station | undefined {
  if (ip === SERVICE_IP) return 'service';
  if (ip === HOST_IP) return 'host';
  if ((ip & LAN_MASK) >>> 0 !== LAN_NETWORK) return undefined;
  const k = (ip & 0xff) - 1;
  return k >= 0 && k < Math.min(kernels, MAX_LAN_KERNELS) ? k : undefined;
}

/** The MAC of a station. */
export function macOf(station: Station): number {
  return station === 'service' ? SERVICE_MAC : station === 'host' ? HOST_MAC : kernelMac(station);
}

/** The station a MAC belongs to, or undefined. */
export function stationOfMac(mac: number, kernels: number): Station | undefined {
  if (mac === SERVICE_MAC) return 'service';
  if (mac === HOST_MAC) return 'host';
  const k = mac - MAC_PREFIX - 1;
  return Number.isInteger(k) && k >= 0 && k < Math.min(kernels, MAX_LAN_KERNELS) ? k : undefined;
}

/** Whether `ip` is on the LAN's network (reachable through the switch, if someone has it). */
export function onLan(ip: number): boolean {
  return (ip & LAN_MASK) >>> 0 === LAN_NETWORK && ip !== INADDR_ANY;
}

/** /etc/hosts for a machine of `kernels` kernels. */
export function hostsFile(kernels: number): string {
  const lines = ['127.0.0.1\tlocalhost'];
  for (let k = 0; k < Math.min(kernels, MAX_LAN_KERNELS); k++) lines.push(`10.0.0.${k + 1}\tpopcorn${k}`);
  lines.push('10.0.0.100\tpopcorn', '10.0.0.254\thost');
  return lines.join('\n') + '\n';
}
