// /proc/net: the kernel's network as Linux shows it, in Linux's formats, so that a student at a
// terminal (cat, or a tool that parses them) sees the card and the connections the network
// view draws: /proc/net/dev (the card's counters; NAPI's interrupts and polls in
// /proc/net/softnet_stat's words), /proc/net/snmp (the stack's counters) and /proc/net/tcp
// (every TCP connection through the card and every listener, addresses in Linux's hex).

import type { Kernel } from '../kernel';
import type { ProcFs } from '../fs/procfs';
import { inetOf } from './inet';
import { netOf } from './names';
import type { InetAddr } from './sockaddr';
import type { Socket } from './socket';
import type { TcpState } from './tcp/tcp-machine';

/** Linux's TCP state numbers (include/net/tcp_states.h), as /proc/net/tcp prints them. */
const STATE_NUMBER: Record<TcpState | 'LISTEN', number> = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECEIVED: 3,
  FIN_WAIT_1: 4,
  FIN_WAIT_2: 5,
  TIME_WAIT: 6,
  CLOSED: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
};

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

/** An address as /proc/net/tcp writes it: the IPv4 address's bytes as a little-endian word, then the port. */
function procAddress(a: InetAddr | undefined): string {
  const ip = a?.ip ?? 0;
  const le = (((ip & 0xff) << 24) | (((ip >>> 8) & 0xff) << 16) | (((ip >>> 16) & 0xff) << 8) | (ip >>> 24)) >>> 0;
  return `${hex(le, 8)}:${hex(a?.port ?? 0, 4)}`;
}

export function netDevText(k: Kernel): string {
  const c = inetOf(k).nic.counters;
  const dropped = [...c.dropped.values()].reduce((a, b) => a + b, 0);
  const row = (name: string, fields: number[]) =>
    `${name.padStart(6)}: ${fields.map((f) => String(f).padStart(8)).join(' ')}`;
  return [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    row('lo', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    row('eth0', [c.rxBytes, c.rxFrames, 0, dropped, 0, 0, 0, 0, c.txBytes, c.txFrames, 0, 0, 0, 0, 0, 0]),
    '',
  ].join('\n');
}

/** Per CPU in Linux; here one line for the card: frames processed, dropped, then NAPI's polls and interrupts. */
export function softnetText(k: Kernel): string {
  const c = inetOf(k).nic.counters;
  const full = c.dropped.get('rx ring full') ?? 0;
  return `${[c.rxFrames, full, c.rxPolls, c.rxInterrupts].map((n) => hex(n, 8).toLowerCase()).join(' ')}\n`;
}

export function snmpText(k: Kernel): string {
  const n = inetOf(k).counters;
  const lines = (name: string, fields: Record<string, number>) =>
    `${name}: ${Object.keys(fields).join(' ')}\n${name}: ${Object.values(fields).join(' ')}\n`;
  return (
    lines('Ip', { Forwarding: 2, DefaultTTL: 64, InReceives: n.ipInReceives, OutRequests: n.ipOutRequests }) +
    lines('Icmp', { InMsgs: n.icmpInMsgs, OutMsgs: n.icmpOutMsgs }) +
    lines('Tcp', {
      ActiveOpens: n.tcpActiveOpens,
      PassiveOpens: n.tcpPassiveOpens,
      AttemptFails: n.tcpAttemptFails,
      EstabResets: n.tcpEstabResets,
      InSegs: n.tcpInSegs,
      OutSegs: n.tcpOutSegs,
      OutRsts: n.tcpOutRsts,
      ListenDrops: n.tcpListenDrops,
    }) +
    lines('Udp', { InDatagrams: n.udpInDatagrams, NoPorts: n.udpNoPorts, OutDatagrams: n.udpOutDatagrams })
  );
}

/** Every TCP listener of the kernel's processes, then every connection through the card. */
export function tcpText(k: Kernel, listeners: readonly Socket[]): string {
  const rows: string[] = [];
  const add = (local: InetAddr | undefined, remote: InetAddr | undefined, state: number, tx: number, rx: number) => {
    const sl = String(rows.length).padStart(4);
    rows.push(
      `${sl}: ${procAddress(local)} ${procAddress(remote)} ${hex(state, 2)} ${hex(tx, 8)}:${hex(rx, 8)} 00:00000000 00000000     0        0 0`,
    );
  };
  for (const s of listeners) add(s.local as InetAddr, undefined, STATE_NUMBER.LISTEN, 0, s.backlog.length);
  for (const s of inetOf(k).tcpConnections()) {
    const tcb = s.tcp;
    if (!tcb) continue;
    add(s.local as InetAddr, s.remote as InetAddr, STATE_NUMBER[tcb.state], tcb.queued, s.bytes?.length ?? 0);
  }
  return `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n${rows.map((r) => `${r}\n`).join('')}`;
}

/** Registers /proc/net/{dev,softnet_stat,snmp,tcp}. */
export function registerNetFiles(procfs: ProcFs): void {
  const file = (read: (k: Kernel) => string) => ({
    kind: 'file' as const,
    read: (ctx: { kernel: Kernel }) => read(ctx.kernel),
  });
  procfs.add('net/dev', file(netDevText));
  procfs.add('net/softnet_stat', file(softnetText));
  procfs.add('net/snmp', file(snmpText));
  procfs.add(
    'net/tcp',
    file((k) => tcpText(k, netOf(k).tcpListeners())),
  );
}
