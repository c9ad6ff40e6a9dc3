// What the page needs to read the trace rings (BrowserMachine.trace): the event kinds with what
// their fields mean, and the message types as their services declare them (names, descriptions,
// fields, and the decoder of a message body the inspector shows). Re-exported here so that app/ reads
// the trace through the machine's public API, not the kernel's and the protocols' internals.

export { EV, EVENT_NAMES } from '../../kernels/trace';
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
