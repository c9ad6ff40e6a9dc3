// How to read a trace event (BrowserMachine.trace, trace files): the event kinds, what each
// kind's fields a, b and c hold (named decoders), the hart field of an event no hart did, the
// access codes and the system call numbers, and the names of the message types. Re-exported
// here so that app/ reads the trace through the machine's public API, not the kernel's and the
// protocols' internals; the kernel writes events with the same definitions.

export * from '../../kernels/trace-format';
export { SYS, syscallName } from '../../kernels/syscalls/numbers';
export { MSG, messageTypeName } from '../../protocols/messaging/message-types';
export type { TraceEvent } from '../../hw/trace-device';
