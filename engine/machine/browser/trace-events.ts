// What the page needs to read the trace rings (BrowserMachine.trace): the event kinds with what
// their fields mean, and the names of the message types. Re-exported here so that app/ reads
// the trace through the machine's public API, not the kernel's and the protocols' internals.

export { EV, EVENT_NAMES } from '../../kernels/trace';
export { MSG, messageTypeName } from '../../protocols/messaging/message-types';
export type { TraceEvent } from '../../hw/trace-device';
