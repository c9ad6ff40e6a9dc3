// The socket layer's rules, call by call, on sockets of a real kernel (the syscalls and their
// argument decoding are checked against Linux by userland t-sockets under qemu-riscv64).

import { beforeEach, describe, expect, it } from 'vitest';
import {
  EADDRINUSE,
  EADDRNOTAVAIL,
  ECONNREFUSED,
  ECONNRESET,
  EINVAL,
  EISCONN,
  ENOTCONN,
  EOPNOTSUPP,
  EPERM,
  EPIPE,
  EPROTOTYPE,
} from '../errno';
import { isBlock } from '../fs/file';
import { bootKernel } from '../fs/test-kernel';
import type { Kernel } from '../kernel';
import { inetOf } from './inet';
import { netOf } from './names';
import {
  accept,
  closeSocket,
  connectStream,
  listen,
  MSG_PEEK,
  MSG_WAITALL,
  receive,
  type Received,
  send,
  shutdown,
  SHUT_WR,
} from './operations';
import { AF_INET, AF_UNIX, INADDR_ANY, INADDR_LOOPBACK, type InetAddr } from './sockaddr';
import { MAX_DGRAM_QUEUE, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM, type Socket, STREAM_BUFFER } from './socket';
import { newSocket, pollSocket } from './socket-file';

let k: Kernel;
beforeEach(async () => {
  k = await bootKernel();
});

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (r: ReturnType<typeof receive>) => new TextDecoder().decode((r as Received).data);
const tcp = () => newSocket(k, AF_INET, SOCK_STREAM, 6, 1);
const udp = () => newSocket(k, AF_INET, SOCK_DGRAM, 17, 1);
const unix = (type = SOCK_STREAM) => newSocket(k, AF_UNIX, type, 0, 1);
const at = (port: number, ip = INADDR_LOOPBACK): InetAddr => ({ family: AF_INET, ip, port });

/** A listening TCP socket on the loopback, and a client connected to it, accepted. */
/** Two connected AF_UNIX stream sockets, as socketpair makes them. */
function unixPair(): { client: Socket; server: Socket } {
  const client = unix();
  const server = unix();
  client.peer = server;
  server.peer = client;
  client.state = server.state = 'connected';
  return { client, server };
}

function tcpPair(): { listener: Socket; client: Socket; server: Socket } {
  const listener = tcp();
  expect(netOf(k).bindInet(listener, at(8080))).toBe(0);
  expect(listen(k, listener, 4)).toBe(0);
  const client = tcp();
  expect(connectStream(k, client, listener, at(8080))).toBe(0);
  const server = accept(k, listener) as Socket;
  return { listener, client, server };
}

describe('connections', () => {
  it('listen needs a connection-based socket, and an AF_UNIX one bound first; TCP binds an ephemeral port', () => {
    expect(listen(k, udp(), 1)).toBe(-EOPNOTSUPP);
    expect(listen(k, unix(), 1)).toBe(-EINVAL);
    const t = tcp();
    expect(listen(k, t, 1)).toBe(0);
    expect(t.local).toEqual({ family: AF_INET, ip: INADDR_ANY, port: 32768 });
  });

  it('connect queues the server end in the backlog; accept takes it; both ends know each other', () => {
    const { listener, client, server } = tcpPair();
    expect(listener.backlog).toHaveLength(0);
    expect(server.peer).toBe(client);
    expect(client.state).toBe('connected');
    expect(server.remote).toEqual(client.local);
    expect(client.remote).toEqual(at(8080));
    expect(connectStream(k, client, listener, at(8080))).toBe(-EISCONN);
  });

  it('refuses a connection nobody listens for, and one of another type', () => {
    expect(connectStream(k, tcp(), undefined, at(1))).toBe(-ECONNREFUSED);
    const l = unix(SOCK_SEQPACKET);
    l.local = { family: AF_UNIX, path: '/tmp/s' };
    listen(k, l, 1);
    expect(connectStream(k, unix(SOCK_STREAM), l, l.local)).toBe(-EPROTOTYPE);
  });

  it('a full backlog makes connect wait; accept makes room', () => {
    const l = tcp();
    netOf(k).bindInet(l, at(9000));
    listen(k, l, 0); // backlog 0: one connection may wait (backlog + 1)
    expect(connectStream(k, tcp(), l, at(9000))).toBe(0);
    const waiting = tcp();
    expect(isBlock(connectStream(k, waiting, l, at(9000)))).toBe(true);
    expect(accept(k, l)).not.toBeTypeOf('number');
    expect(connectStream(k, waiting, l, at(9000))).toBe(0);
    // a non-blocking TCP connect is queued over the backlog (Linux's retransmitted SYN gets in later)
    const eager = tcp();
    expect(connectStream(k, eager, l, at(9000), true)).toBe(0);
    expect(l.backlog).toHaveLength(2);
  });

  it('accept waits while no connection is queued; a socket that does not listen is EINVAL', () => {
    const l = tcp();
    listen(k, l, 1);
    expect(isBlock(accept(k, l))).toBe(true);
    expect(accept(k, tcp())).toBe(-EINVAL);
  });

  it('closing a listener closes the connections never accepted: their clients read end of file', () => {
    const l = tcp();
    netOf(k).bindInet(l, at(7000));
    listen(k, l, 4);
    const c = tcp();
    connectStream(k, c, l, at(7000));
    closeSocket(k, l);
    expect((receive(k, c, 10, 0) as Received).data).toHaveLength(0);
    expect(connectStream(k, tcp(), netOf(k).findInet(c.type, INADDR_LOOPBACK, 7000), at(7000))).toBe(-ECONNREFUSED);
  });
});

describe('streams', () => {
  it('carries bytes without boundaries; peek leaves them; MSG_WAITALL waits for the whole count', () => {
    const { client, server } = tcpPair();
    expect(send(k, client, bytes('ab'), 'connected')).toBe(2);
    expect(send(k, client, bytes('cd'), 'connected')).toBe(2);
    expect(isBlock(receive(k, server, 5, MSG_WAITALL))).toBe(true);
    expect(text(receive(k, server, 3, MSG_PEEK))).toBe('abc');
    expect(text(receive(k, server, 10, 0))).toBe('abcd');
    expect(isBlock(receive(k, server, 10, 0))).toBe(true);
  });

  it('a full receiver takes what fits, then makes the sender wait', () => {
    const { client, server } = tcpPair();
    expect(send(k, client, new Uint8Array(STREAM_BUFFER + 10), 'connected')).toBe(STREAM_BUFFER);
    expect(isBlock(send(k, client, new Uint8Array(1), 'connected'))).toBe(true);
    receive(k, server, 100, 0);
    expect(send(k, client, new Uint8Array(1000), 'connected')).toBe(100);
  });

  it('SHUT_WR: the peer reads end of file after the data; writing again is EPIPE', () => {
    const { client, server } = tcpPair();
    send(k, client, bytes('last'), 'connected');
    expect(shutdown(k, client, SHUT_WR)).toBe(0);
    expect(text(receive(k, server, 10, 0))).toBe('last');
    expect((receive(k, server, 10, 0) as Received).data).toHaveLength(0);
    expect(send(k, client, bytes('x'), 'connected')).toBe(-EPIPE);
    expect(send(k, server, bytes('reply'), 'connected')).toBe(5); // the other half still works
  });

  it('the peer closed: end of file to read, EPIPE to write', () => {
    const { client, server } = tcpPair();
    closeSocket(k, server);
    expect((receive(k, client, 10, 0) as Received).data).toHaveLength(0);
    expect(send(k, client, bytes('x'), 'connected')).toBe(-EPIPE);
  });

  it('unconnected: TCP send is EPIPE and recv ENOTCONN; AF_UNIX send is ENOTCONN', () => {
    expect(send(k, tcp(), bytes('x'), 'connected')).toBe(-EPIPE);
    expect(receive(k, tcp(), 1, 0)).toBe(-ENOTCONN);
    expect(send(k, unix(), bytes('x'), 'connected')).toBe(-ENOTCONN);
    expect(shutdown(k, tcp(), SHUT_WR)).toBe(-ENOTCONN);
  });
});

describe('datagrams', () => {
  it('UDP keeps boundaries, says who sent each (the loopback address, not 0.0.0.0) and drops what nobody receives', () => {
    const a = udp();
    const b = udp();
    netOf(k).bindInet(a, at(5000, INADDR_ANY));
    expect(send(k, b, bytes('one'), a)).toBe(3);
    expect(send(k, b, bytes('two'), a)).toBe(3);
    const first = receive(k, a, 2, 0) as Received;
    expect([text(first), first.length]).toEqual(['on', 3]); // cut, the rest of it gone
    expect(first.from).toEqual({ family: AF_INET, ip: INADDR_LOOPBACK, port: 32768 });
    expect(text(receive(k, a, 10, 0))).toBe('two');
    expect(send(k, b, bytes('lost'), undefined)).toBe(4);
  });

  it('a connected UDP socket sends to its peer and takes datagrams from it only', () => {
    const a = udp();
    const b = udp();
    const other = udp();
    netOf(k).bindInet(a, at(5001));
    netOf(k).bindInet(b, at(5002));
    a.remote = b.local;
    expect(send(k, a, bytes('hi'), 'connected')).toBe(2);
    expect(text(receive(k, b, 10, 0))).toBe('hi');
    expect(send(k, other, bytes('stranger'), a)).toBe(8);
    expect(isBlock(receive(k, a, 10, 0))).toBe(true);
  });

  it('an AF_UNIX receiver holds MAX_DGRAM_QUEUE + 1 datagrams from strangers, then senders wait', () => {
    const r = unix(SOCK_DGRAM);
    const s = unix(SOCK_DGRAM);
    for (let i = 0; i <= MAX_DGRAM_QUEUE; i++) expect(send(k, s, bytes('m'), r)).toBe(1);
    expect(isBlock(send(k, s, bytes('m'), r))).toBe(true);
    receive(k, r, 1, 0);
    expect(send(k, s, bytes('m'), r)).toBe(1);
  });

  it('a datagram to an AF_UNIX socket that closed is refused; to a UDP one, lost', () => {
    const gone = unix(SOCK_DGRAM);
    const s = unix(SOCK_DGRAM);
    s.peer = gone;
    closeSocket(k, gone);
    expect(send(k, s, bytes('x'), 'connected')).toBe(-ECONNREFUSED);
    const u = udp();
    netOf(k).bindInet(u, at(6000));
    closeSocket(k, u);
    expect(send(k, udp(), bytes('x'), u)).toBe(1);
  });

  it('an AF_UNIX datagram socket connected to another refuses others (EPERM)', () => {
    const r = unix(SOCK_DGRAM);
    const friend = unix(SOCK_DGRAM);
    r.peer = friend;
    expect(send(k, unix(SOCK_DGRAM), bytes('x'), r)).toBe(-EPERM);
    expect(send(k, friend, bytes('x'), r)).toBe(1);
  });
});

describe('names', () => {
  it('a port is taken once per protocol; a specific address and any address clash', () => {
    const ns = netOf(k);
    expect(ns.bindInet(tcp(), at(80))).toBe(0);
    expect(ns.bindInet(tcp(), at(80, INADDR_ANY))).toBe(-EADDRINUSE);
    expect(ns.bindInet(tcp(), at(80, 0x7f000002))).toBe(0);
    expect(ns.bindInet(udp(), at(80))).toBe(0);
    expect(ns.bindInet(tcp(), at(81, 0x0a000007))).toBe(-EADDRNOTAVAIL);
  });

  it('finds the socket bound to the address asked for, or one bound to any', () => {
    const ns = netOf(k);
    const five = udp();
    const one = udp();
    const any = udp();
    ns.bindInet(five, at(53, 0x7f000005));
    ns.bindInet(one, at(53, INADDR_LOOPBACK));
    ns.bindInet(any, at(54, INADDR_ANY));
    expect(ns.findInet(any.type, 0x7f000005, 53)).toBe(five);
    expect(ns.findInet(any.type, INADDR_LOOPBACK, 53)).toBe(one);
    expect(ns.findInet(any.type, 0x7f000009, 53)).toBeUndefined();
    expect(ns.findInet(any.type, 0x7f000009, 54)).toBe(any);
    ns.unbind(any);
    expect(ns.findInet(any.type, INADDR_LOOPBACK, 54)).toBeUndefined();
  });

  it('the loopback network, any address, its LAN address and the service address are the kernel’s own', () => {
    const own = (ip: number) => inetOf(k).isLocal(ip);
    expect([INADDR_ANY, 0x7f123456, 0x0a000001, 0x0a000064, 0x0a000002, 0xc0a80001].map(own)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(netOf(k).autobindName()).toBe('00000');
  });
});

describe('poll', () => {
  it('reports what a read or write would do', () => {
    const { listener, client, server } = tcpPair();
    expect(pollSocket(server)).toMatchObject({ readable: false, writable: true, hangup: false });
    send(k, client, bytes('x'), 'connected');
    expect(pollSocket(server).readable).toBe(true);
    expect(pollSocket(listener)).toMatchObject({ readable: false, writable: false });
    connectStream(k, tcp(), listener, at(8080));
    expect(pollSocket(listener).readable).toBe(true);
    expect(pollSocket(tcp())).toMatchObject({ writable: true, hangup: true }); // never connected
  });

  it('an AF_UNIX peer that closed is a hangup; a TCP one is only end of file', () => {
    const u = unix();
    const v = unix();
    u.peer = v;
    v.peer = u;
    u.state = v.state = 'connected';
    closeSocket(k, v);
    expect(pollSocket(u)).toMatchObject({ readable: true, hangup: true });
    const { client, server } = tcpPair();
    closeSocket(k, server);
    expect(pollSocket(client)).toMatchObject({ readable: true, hangup: false });
  });

  it('a peer that shut its writing half or closed ends reading (POLLRDHUP); a TCP end that shut its own is then a hangup', () => {
    const { client, server } = tcpPair();
    expect(pollSocket(server).readHangup).toBe(false);
    shutdown(k, client, SHUT_WR);
    expect(pollSocket(server)).toMatchObject({ readable: true, readHangup: true, hangup: false });
    expect(pollSocket(client)).toMatchObject({ readHangup: false, hangup: false });
    closeSocket(k, server);
    expect(pollSocket(client)).toMatchObject({ readable: true, readHangup: true, hangup: true });
  });
});

describe('reset', () => {
  it('a stream closed with bytes unread resets its peer: queued bytes first, then ECONNRESET once, then end of file', () => {
    for (const pair of [tcpPair(), unixPair()]) {
      const { client, server } = pair;
      send(k, server, bytes('unread by the client'), 'connected');
      send(k, client, bytes('unread by the server'), 'connected');
      closeSocket(k, server);
      expect(pollSocket(client)).toMatchObject({ error: true, hangup: true });
      expect(text(receive(k, client, 100, 0))).toBe('unread by the client');
      expect(receive(k, client, 100, 0)).toBe(-ECONNRESET);
      expect((receive(k, client, 100, 0) as Received).data.length).toBe(0);
      expect(send(k, client, bytes('x'), 'connected')).toBe(-EPIPE);
    }
  });

  it('a stream closed with nothing unread is an orderly end of file', () => {
    const { client, server } = tcpPair();
    closeSocket(k, server);
    expect(pollSocket(client).error).toBe(false);
    expect((receive(k, client, 100, 0) as Received).data.length).toBe(0);
  });

  it('a connected UDP socket that sends where nobody listens gets ECONNREFUSED next (the loopback’s ICMP)', () => {
    const u = udp();
    u.remote = at(9);
    expect(send(k, u, bytes('anyone?'), 'connected')).toBe(7);
    expect(pollSocket(u).error).toBe(true);
    expect(receive(k, u, 100, 0)).toBe(-ECONNREFUSED);
    const unconnected = udp();
    expect(send(k, unconnected, bytes('anyone?'), netOf(k).findInet(unconnected.type, INADDR_LOOPBACK, 9))).toBe(7);
    expect(pollSocket(unconnected).error).toBe(false);
  });
});
