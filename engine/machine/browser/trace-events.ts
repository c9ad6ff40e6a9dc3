// How to read a trace event (BrowserMachine.trace, trace files): the event kinds, what each
// kind's fields a, b and c hold (named decoders), the hart field of an event no hart did, the
// access codes and the system call numbers, and the message types as their services declare
// them (names, descriptions, fields, and the decoder of a message body the inspector shows).
// Re-exported here so that app/ reads the trace through the machine's public API, not the
// kernel's and the protocols' internals; the kernel writes events with the same definitions.

export * from '../../kernels/trace-format';
export { SYS, syscallName } from '../../kernels/syscalls/numbers';
export {
  MSG,
  decodeMessage,
  messageDescription,
  messageSpec,
  messageSpecs,
  messageTypeName,
} from '../../protocols/messaging/message-types';
export type { MessageSpec } from '../../protocols/messaging/interface';
export { WireError } from '../../protocols/messaging/codec';
export type { TraceEvent } from '../../hw/trace-device';
