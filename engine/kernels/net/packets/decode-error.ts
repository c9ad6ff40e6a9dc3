// Why a frame was refused: every reason decodeFrame can give, in one list, so that a NIC can
// keep a drop counter per reason (and a view can show them all, zeros included) without
// matching free text. The sub-decoders (ipv4.ts, tcp-segment.ts, udp-datagram.ts) return the
// same shape.

export const DECODE_ERRORS = [
  'short frame',
  'not IPv4',
  'short IPv4 header',
  'bad IPv4 version',
  'bad IPv4 header length',
  'bad IPv4 total length',
  'bad IPv4 header checksum',
  'bad IPv4 fragment',
  'packet exceeds MTU',
  'short TCP header',
  'bad TCP data offset',
  'bad TCP option',
  'bad TCP checksum',
  'short UDP header',
  'bad UDP length',
  'bad UDP checksum',
] as const;

export type DecodeReason = (typeof DECODE_ERRORS)[number];

/** A refused frame, and which check refused it. */
export interface DecodeError {
  error: DecodeReason;
}

export function isDecodeError(x: object): x is DecodeError {
  return 'error' in x;
}
