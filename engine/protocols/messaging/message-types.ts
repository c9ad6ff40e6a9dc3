// Every inter-kernel message type, numbered once, with Popcorn's names where they exist. The
// numbers go on the wire (SLOT_TYPE); the names go into traces and /proc/popcorn/stat.
// Each protocol module owns its types' payload layout and handlers.

export const MSG = {
  // node discovery (node-info.ts)
  NODE_INFO: 1,
  // single system image (ssi/): process lists pushed to peers, kill() of a remote process
  PROC_LIST: 10,
  SIGNAL_FWD: 12,
  SIGNAL_FWD_RESPONSE: 13,
  // the storm and ping tests and benchmarks
  PING: 20,
  PONG: 21,
  // process server (migration)
  TASK_MIGRATE: 30,
  TASK_PAIRING: 31,
  TASK_MIGRATE_BACK: 32,
  TASK_EXIT_REMOTE: 33,
  TASK_EXIT_ORIGIN: 34,
  TASK_PROPOSE: 35,
  TASK_PROPOSE_RESPONSE: 36,
  // address space
  VMA_INFO_REQUEST: 40,
  VMA_INFO_RESPONSE: 41,
  VMA_OP_REQUEST: 42,
  VMA_OP_RESPONSE: 43,
  REMOTE_PAGE_REQUEST: 44,
  REMOTE_PAGE_RESPONSE: 45,
  REMOTE_PAGE_RESPONSE_SHORT: 46,
  PAGE_INVALIDATE_REQUEST: 47,
  PAGE_INVALIDATE_RESPONSE: 48,
  PAGE_RELEASE: 49,
  VMA_UNMAP: 60,
  VMA_UNMAP_ACK: 61,
  // futexes and forwarded syscalls
  FUTEX_REQUEST: 50,
  FUTEX_RESPONSE: 51,
  SYSCALL_FWD: 52,
  SYSCALL_REP: 53,
} as const;

export type MessageTypeName = keyof typeof MSG;

const NAMES = new Map<number, string>(Object.entries(MSG).map(([name, n]) => [n, name]));

export function messageTypeName(type: number): string {
  return NAMES.get(type) ?? `TYPE_${type}`;
}

export function isKnownMessageType(type: number): boolean {
  return NAMES.has(type);
}
