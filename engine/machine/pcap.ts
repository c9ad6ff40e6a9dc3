// Writes the virtual switch's traffic as a pcap file (the classic libpcap format, in its
// nanosecond variant), so that a capture of the kernels' network opens in Wireshark or tshark
// with each frame stamped with the machine's virtual time. Little-endian throughout: the
// magic number tells readers the byte order, and a writer may choose its own.

/** The nanosecond-resolution magic: readers take ts_usec as nanoseconds. */
export const PCAP_MAGIC_NS = 0xa1b23c4d;
export const PCAP_VERSION_MAJOR = 2;
export const PCAP_VERSION_MINOR = 4;
/** Frames are Ethernet II, without their FCS. */
export const LINKTYPE_ETHERNET = 1;
/** The most bytes of a frame a record keeps. */
export const PCAP_SNAPLEN = 65535;
export const PCAP_HEADER_BYTES = 24;
export const PCAP_RECORD_HEADER_BYTES = 16;

const NS_PER_SECOND = 1_000_000_000;

/** The file header: magic, version 2.4, zone and accuracy 0, the snap length, the link type. */
export function pcapHeader(): Uint8Array {
  const bytes = new Uint8Array(PCAP_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, PCAP_MAGIC_NS, true);
  view.setUint16(4, PCAP_VERSION_MAJOR, true);
  view.setUint16(6, PCAP_VERSION_MINOR, true);
  view.setInt32(8, 0, true); // thiszone: timestamps are UTC (here: virtual time since boot)
  view.setUint32(12, 0, true); // sigfigs
  view.setUint32(16, PCAP_SNAPLEN, true);
  view.setUint32(20, LINKTYPE_ETHERNET, true);
  return bytes;
}

/**
 * One frame's record: seconds and nanoseconds of `timeNs` (the machine's virtual time, a
 * non-negative integer exact in a JS number: below 2^53 ns, some 104 days), the bytes kept (at most the snap length) and the
 * frame's length, then the bytes. Throws a RangeError on a time it cannot write.
 */
export function pcapRecord(timeNs: number, frame: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(timeNs) || timeNs < 0) throw new RangeError(`pcap time out of range: ${timeNs} ns`);
  const kept = Math.min(frame.length, PCAP_SNAPLEN);
  const bytes = new Uint8Array(PCAP_RECORD_HEADER_BYTES + kept);
  const view = new DataView(bytes.buffer);
  const seconds = Math.floor(timeNs / NS_PER_SECOND);
  view.setUint32(0, seconds, true);
  view.setUint32(4, timeNs - seconds * NS_PER_SECOND, true);
  view.setUint32(8, kept, true);
  view.setUint32(12, frame.length, true);
  bytes.set(frame.subarray(0, kept), PCAP_RECORD_HEADER_BYTES);
  return bytes;
}

/** A whole capture: the header, then each frame's record in the order given. */
export function pcapFile(records: readonly { timeNs: number; frame: Uint8Array }[]): Uint8Array {
  const parts = [pcapHeader(), ...records.map((r) => pcapRecord(r.timeNs, r.frame))];
  const file = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    file.set(part, at);
    at += part.length;
  }
  return file;
}
