/*
 * ecall: the system call boundary as a bare program sees it. Unknown system call numbers
 * return -ENOSYS (-38) with the other argument registers intact; write(2) returns the count
 * (0 for an empty write), goes to stdout or stderr by fd, and fails with -EFAULT for a buffer
 * outside memory and -EBADF for an fd that is not open; a0 carries the result, every other
 * register survives the ecall.
 */
#include "bare.h"

#define ENOSYS 38
#define EFAULT 14
#define EBADF 9

int main(void) {
  check("syscall 1000", (u64)bare_syscall(1000, 1, 2, 3), -(u64)ENOSYS);
  check("syscall 4095", (u64)bare_syscall(4095, 0, 0, 0), -(u64)ENOSYS);
  check("syscall 0x7fffffff", (u64)bare_syscall(0x7fffffff, 0, 0, 0), -(u64)ENOSYS);

  /* every register but a0 survives an ecall */
  u64 a1 = 0x1111, a2 = 0x2222, a3 = 0x3333, a7 = 1000, t0 = 0x5555, s2 = 0x6666, r;
  __asm__ volatile("mv a1, %1\n\tmv a2, %2\n\tmv a3, %3\n\tmv a7, %4\n\tmv t0, %5\n\tmv s2, %6\n\t"
                   "ecall\n\t"
                   "mv %0, a0\n\tmv %1, a1\n\tmv %2, a2\n\tmv %3, a3\n\tmv %4, a7\n\tmv %5, t0\n\tmv %6, s2"
                   : "=&r"(r), "+&r"(a1), "+&r"(a2), "+&r"(a3), "+&r"(a7), "+&r"(t0), "+&r"(s2)
                   :
                   : "a0", "a1", "a2", "a3", "a7", "t0", "s2", "memory");
  check("unknown syscall result", r, -(u64)ENOSYS);
  check("registers kept", (a1 == 0x1111) + (a2 == 0x2222) + (a3 == 0x3333) + (a7 == 1000) + (t0 == 0x5555) +
                              (s2 == 0x6666),
        6);

  flush();
  check("write 0 bytes", (u64)sys_write(1, "", 0), 0);
  check("write stdout", (u64)sys_write(1, "to stdout\n", 10), 10);
  check("write stderr", (u64)sys_write(2, "to stderr\n", 10), 10);
  check("write bad buffer", (u64)sys_write(1, (const void *)0xfffffffffff00000ul, 16), -(u64)EFAULT);
  check("write bad fd", (u64)sys_write(42, "x", 1), -(u64)EBADF);
  return bare_done();
}
