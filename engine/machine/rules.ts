// The machine's rules that every view names things by, in one place, so that no view works
// them out again (and none gets them wrong): which kernel handed out a pid or tid, and how a
// hart is named. Part of the engine's public API for app/.

/**
 * The kernel that handed out pid or tid `id`: kernel k of n hands out k+1, k+1+n, k+1+2n, …
 * (KernelNode's pidBase and pidStride), so it is the process's origin, which knows where the
 * thread runs now.
 */
export function originOf(id: number, kernels: number): number {
  const n = Math.max(1, Math.floor(kernels));
  return (((Math.floor(id) - 1) % n) + n) % n;
}

/**
 * A hart as every view names it: by the machine's hart number (its index across the NUMA
 * nodes, as in the machine view and the scenario), never by its place among its kernel's harts,
 * with the kernel that owns it beside it. 'long' for sentences ("hart 2 of kernel 1"), 'short'
 * for tight columns and lane labels ("k1 h2").
 */
export function hartName(hart: number, kernel: number, form: 'long' | 'short' = 'long'): string {
  return form === 'short' ? `k${kernel} h${hart}` : `hart ${hart} of kernel ${kernel}`;
}
