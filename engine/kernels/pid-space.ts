// How the kernels of one machine share the pid space: kernel k of n hands out k+1, k+1+n,
// k+1+2n, … (its boot parameters pidBase and pidStride), so a pid or tid alone names the kernel
// that handed it out, the process's origin, which knows where its threads run now. The machine
// boots kernels with these numbers and everything that asks "whose pid is this" (services, the
// views, the tools) reads the same rule here.

/** The first pid kernel `kernel` hands out. */
export function pidBaseOf(kernel: number): number {
  return kernel + 1;
}

/** The step between one kernel's pids: the number of kernels. */
export function pidStrideOf(kernels: number): number {
  return Math.max(1, kernels);
}

/** The kernel that handed out pid or tid `id` on a machine of `kernels` kernels. */
export function originOf(id: number, kernels: number): number {
  const n = Math.max(1, Math.floor(kernels));
  return (((Math.floor(id) - 1) % n) + n) % n;
}

/** How many ids its origin handed out before `id` (0 for a kernel's first): its place in that kernel's sequence. */
export function serialOf(id: number, kernels: number): number {
  const n = Math.max(1, Math.floor(kernels));
  return Math.floor(Math.max(0, Math.floor(id) - 1) / n);
}
