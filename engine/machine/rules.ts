// The machine's rules that every view names things by, in one place, so that no view works
// them out again (and none gets them wrong): which kernel handed out a pid or tid, and how a
// hart is named. Part of the engine's public API for app/ (with trace-events.ts, which says how
// to read a trace event). The pid rule itself is the kernels' (engine/kernels/pid-space.ts):
// the machine boots them with it and the services read it there.

export { originOf, serialOf } from '../kernels/pid-space';

/**
 * A hart as every view names it: by the machine's hart number (its index across the NUMA
 * nodes, as in the machine view and the scenario), never by its place among its kernel's harts,
 * with the kernel that owns it beside it. 'long' for sentences ("hart 2 of kernel 1"), 'short'
 * for tight columns and lane labels ("k1 h2").
 */
export function hartName(hart: number, kernel: number, form: 'long' | 'short' = 'long'): string {
  return form === 'short' ? `k${kernel} h${hart}` : `hart ${hart} of kernel ${kernel}`;
}
