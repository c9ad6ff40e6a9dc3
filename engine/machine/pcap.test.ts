// The pcap writer, byte for byte, and a realistic capture built with the kernel's packet
// codecs (a TCP connection carrying an HTTP exchange from handshake to teardown, and a UDP
// exchange) read back by the real tshark with checksum validation on: every frame must
// decode cleanly, the conversation must be one TCP stream with the flags, numbers and
// virtual times that were written, and the HTTP request must be recognised.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame, type Packet } from '../kernels/net/packets/frame';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN, type TcpSegment } from '../kernels/net/packets/tcp-segment';
import {
  CLIENT_IP,
  CLIENT_MAC,
  hex,
  KNOWN_FRAMES,
  SERVER_IP,
  SERVER_MAC,
} from '../kernels/net/packets/testing/known-frames';
import { pcapFile, pcapHeader, pcapRecord } from './pcap';
import { captureFile, tsharkFields } from './testing/tshark';

describe('pcap writer', () => {
  it('writes the nanosecond header: magic, 2.4, zone 0, accuracy 0, snaplen 65535, Ethernet', () => {
    expect(pcapHeader()).toEqual(hex('4d 3c b2 a1 02 00 04 00 00 00 00 00 00 00 00 00 ff ff 00 00 01 00 00 00'));
  });

  it('writes a record: seconds, nanoseconds, bytes kept, length, the frame', () => {
    expect(pcapRecord(5_000_000_123, Uint8Array.of(0xaa, 0xbb))).toEqual(
      hex('05 00 00 00 7b 00 00 00 02 00 00 00 02 00 00 00 aa bb'),
    );
    expect(pcapRecord(0, new Uint8Array(0))).toEqual(new Uint8Array(16));
    // The latest time a JS number holds exactly: 2^53 - 1 ns, some 104 days.
    expect(pcapRecord(2 ** 53 - 1, new Uint8Array(0)).subarray(0, 8)).toEqual(hex('5f 70 89 00 ff 09 2f 0f'));
  });

  it('keeps at most the snap length of a frame, and says how long it was', () => {
    const record = pcapRecord(1, new Uint8Array(70000));
    expect(record.length).toBe(16 + 65535);
    expect(record.subarray(8, 16)).toEqual(hex('ff ff 00 00 70 11 01 00'));
  });

  it('refuses times it cannot write', () => {
    for (const bad of [-1, 0.5, 2 ** 32 * 1e9, Number.NaN, 2 ** 53])
      expect(() => pcapRecord(bad, new Uint8Array(0))).toThrow(RangeError);
  });

  it('puts the header and the records one after another', () => {
    const [a, b] = [Uint8Array.of(1), Uint8Array.of(2, 3)];
    const file = pcapFile([
      { timeNs: 0, frame: a },
      { timeNs: 1, frame: b },
    ]);
    expect(file).toEqual(Uint8Array.from([...pcapHeader(), ...pcapRecord(0, a), ...pcapRecord(1, b)]));
    expect(pcapFile([])).toEqual(pcapHeader());
  });
});

// The capture: a client at 10.0.0.2:34567 fetches a page from 10.0.0.1:80, then sends a UDP
// datagram to the echo port and gets it back.
const CLIENT_PORT = 34567;
const REQUEST = 'GET /index.html HTTP/1.1\r\nHost: 10.0.0.1\r\nUser-Agent: popcorn\r\nAccept: */*\r\n\r\n';
const BODY = 'hello, world\n';
const RESPONSE = `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${BODY.length}\r\nConnection: close\r\n\r\n${BODY}`;
const CLIENT_ISN = 0xfffffc00; // near 2^32, so that sequence numbers wrap during the exchange
const SERVER_ISN = 123456789;

interface Sent {
  timeNs: number;
  packet: Packet;
}

function conversation(): Sent[] {
  const text = (s: string) => new TextEncoder().encode(s);
  let id = 0;
  const sent: Sent[] = [];
  // Virtual times with nanoseconds in them, past 2^32 ns (a pcap keeps seconds apart).
  let timeNs = 4_321_000_000_007;
  const tcp = (fromClient: boolean, fields: Partial<TcpSegment> & Pick<TcpSegment, 'seq' | 'ack' | 'flags'>) => {
    const segment: TcpSegment = {
      srcPort: fromClient ? CLIENT_PORT : 80,
      dstPort: fromClient ? 80 : CLIENT_PORT,
      window: 502,
      payload: new Uint8Array(0),
      ...fields,
    };
    send(fromClient, { kind: 'tcp', segment });
  };
  const send = (fromClient: boolean, l4: Packet['l4']) => {
    const [src, dst, srcMac, dstMac] = fromClient
      ? [CLIENT_IP, SERVER_IP, CLIENT_MAC, SERVER_MAC]
      : [SERVER_IP, CLIENT_IP, SERVER_MAC, CLIENT_MAC];
    const packet: Packet = {
      eth: { dst: dstMac, src: srcMac, etherType: 0x0800 },
      ip: { src, dst, protocol: l4.kind === 'udp' ? 17 : 6, ttl: 64, id: id++ },
      l4,
    };
    sent.push({ timeNs, packet });
    timeNs += 12_345 + 1000 * sent.length;
  };
  const request = text(REQUEST);
  const response = text(RESPONSE);
  const c = (n: number) => (CLIENT_ISN + n) >>> 0; // the client's sequence number n bytes on
  const s = (n: number) => (SERVER_ISN + n) >>> 0;
  tcp(true, { seq: c(0), ack: 0, flags: TCP_SYN, window: 65535, mss: 1460, windowScale: 7 });
  tcp(false, { seq: s(0), ack: c(1), flags: TCP_SYN | TCP_ACK, window: 65160, mss: 1460, windowScale: 7 });
  tcp(true, { seq: c(1), ack: s(1), flags: TCP_ACK });
  tcp(true, { seq: c(1), ack: s(1), flags: TCP_PSH | TCP_ACK, payload: request });
  tcp(false, { seq: s(1), ack: c(1 + request.length), flags: TCP_ACK, window: 509 });
  tcp(false, { seq: s(1), ack: c(1 + request.length), flags: TCP_PSH | TCP_ACK, window: 509, payload: response });
  tcp(true, { seq: c(1 + request.length), ack: s(1 + response.length), flags: TCP_ACK });
  tcp(false, { seq: s(1 + response.length), ack: c(1 + request.length), flags: TCP_FIN | TCP_ACK, window: 509 });
  tcp(true, { seq: c(1 + request.length), ack: s(2 + response.length), flags: TCP_ACK });
  tcp(true, { seq: c(1 + request.length), ack: s(2 + response.length), flags: TCP_FIN | TCP_ACK });
  tcp(false, { seq: s(2 + response.length), ack: c(2 + request.length), flags: TCP_ACK, window: 509 });
  send(true, { kind: 'udp', datagram: { srcPort: 5000, dstPort: 7, payload: text('ping 1\n') } });
  send(false, { kind: 'udp', datagram: { srcPort: 7, dstPort: 5000, payload: text('ping 1\n') } });
  return sent;
}

/** "4321.000000007": seconds and nine digits of nanoseconds, as frame.time_epoch shows them. */
function epoch(timeNs: number): string {
  return `${Math.floor(timeNs / 1e9)}.${String(timeNs % 1e9).padStart(9, '0')}`;
}

describe('a capture read by tshark', () => {
  const sent = conversation();
  const segments = sent.flatMap((x) => (x.packet.l4.kind === 'tcp' ? [x.packet.l4.segment] : []));
  let capture: ReturnType<typeof captureFile>;
  const fields = (names: string[], filter?: string) => tsharkFields(capture.path, names, filter);

  beforeAll(() => {
    capture = captureFile(pcapFile(sent.map((x) => ({ timeNs: x.timeNs, frame: encodeFrame(x.packet) }))));
  });
  afterAll(() => {
    capture.remove();
  });

  it('decodes every frame, all checksums good, with no warning or error of its experts', () => {
    const rows = fields([
      'frame.number',
      'ip.checksum.status',
      'tcp.checksum.status',
      'udp.checksum.status',
      '_ws.expert.severity',
      '_ws.malformed',
      'tcp.analysis.flags',
    ]);
    expect(rows.length).toBe(sent.length);
    sent.forEach(({ packet }, i) => {
      const [number, ipStatus, tcpStatus, udpStatus, severities, malformed, analysis] = rows[i] ?? [];
      const what = `frame ${number}`;
      expect(ipStatus, what).toBe('1'); // 1: good (0: bad, 2: unverified)
      expect(packet.l4.kind === 'tcp' ? tcpStatus : udpStatus, what).toBe('1');
      expect(malformed, what).toBe('');
      expect(analysis, what).toBe(''); // no retransmission, lost segment, unseen ACK...
      // Chats (0x200000) and notes (0x400000) are fine; warnings (0x600000) and errors are not.
      for (const severity of (severities ?? '').split(',').filter((x) => x !== ''))
        expect(Number(severity), `${what}: expert severity ${severity}`).toBeLessThan(0x600000);
    });
  });

  it('stamps each frame with the virtual time it was written with, to the nanosecond', () => {
    expect(fields(['frame.time_epoch']).map(([t]) => t)).toEqual(sent.map((x) => epoch(x.timeNs)));
  });

  it('shows the handshake as SYN, SYN/ACK, ACK, with its options, and one TCP stream', () => {
    const rows = fields(
      ['tcp.flags', 'tcp.stream', 'tcp.options.mss_val', 'tcp.options.wscale.shift', '_ws.col.Info'],
      'tcp',
    );
    expect(rows.slice(0, 3).map(([flags]) => flags)).toEqual(['0x0002', '0x0012', '0x0010']);
    expect(rows.slice(0, 3).map((row) => /\[(.*?)\]/.exec(row[4] ?? '')?.[1])).toEqual(['SYN', 'SYN, ACK', 'ACK']);
    expect(rows.slice(0, 2).map(([, , mss, shift]) => [mss, shift])).toEqual([
      ['1460', '7'],
      ['1460', '7'],
    ]);
    expect(new Set(rows.map(([, stream]) => stream))).toEqual(new Set(['0']));
    expect(rows.length).toBe(segments.length);
  });

  it('reads the numbers, ports, flags, windows and lengths that were encoded', () => {
    const rows = fields(
      [
        'tcp.srcport',
        'tcp.dstport',
        'tcp.seq_raw',
        'tcp.ack_raw',
        'tcp.flags',
        'tcp.window_size_value',
        'tcp.len',
        'ip.id',
        'ip.ttl',
        'eth.src',
      ],
      'tcp',
    );
    expect(rows).toEqual(
      sent
        .filter((x) => x.packet.l4.kind === 'tcp')
        .map(({ packet }) => {
          const seg = (packet.l4 as { segment: TcpSegment }).segment;
          return [
            String(seg.srcPort),
            String(seg.dstPort),
            String(seg.seq),
            String(seg.ack),
            `0x${seg.flags.toString(16).padStart(4, '0')}`,
            String(seg.window),
            String(seg.payload.length),
            `0x${packet.ip.id.toString(16).padStart(4, '0')}`,
            String(packet.ip.ttl),
            packet.eth.src === CLIENT_MAC ? '02:00:00:00:00:02' : '02:00:00:00:00:01',
          ];
        }),
    );
  });

  it('recognises the HTTP request and its response', () => {
    expect(fields(['frame.number', 'http.request.method', 'http.request.uri', 'http.host'], 'http.request')).toEqual([
      ['4', 'GET', '/index.html', '10.0.0.1'],
    ]);
    expect(fields(['frame.number', 'http.response.code', 'http.file_data'], 'http.response')).toEqual([
      ['6', '200', BODY.replace('\n', '\\n')],
    ]);
  });

  it('reads the UDP exchange: ports, lengths, its own stream', () => {
    expect(fields(['udp.srcport', 'udp.dstport', 'udp.length', 'udp.stream'], 'udp')).toEqual([
      ['5000', '7', '15', '0'],
      ['7', '5000', '15', '0'],
    ]);
  });

  it('checks the hand-written known frames’ checksums good too', () => {
    const known = captureFile(pcapFile(KNOWN_FRAMES.map((k, i) => ({ timeNs: i, frame: k.bytes }))));
    try {
      const rows = tsharkFields(known.path, ['ip.checksum.status', 'tcp.checksum.status', 'udp.checksum.status']);
      expect(rows.map((row) => row.filter((x) => x !== ''))).toEqual([
        ['1', '1'],
        ['1', '1'],
        ['1', '1'],
      ]);
    } finally {
      known.remove();
    }
  });
});
