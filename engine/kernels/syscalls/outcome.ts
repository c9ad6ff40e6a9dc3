// What a syscall handler returns besides a value for a0. Kept in a module of its own, with no
// imports, so every part of the kernel can use these values without an import cycle.

/** The thread sleeps; its syscall restarts when woken, or completes with the waker's result. */
export const BLOCKED = Symbol('blocked');
/** The handler set the registers and pc itself (execve, rt_sigreturn, exit). */
export const JUMPED = Symbol('jumped');
export type SyscallOutcome = number | typeof BLOCKED | typeof JUMPED;
