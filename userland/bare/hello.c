/* hello: the smallest bare program. Exercises the runtime itself: _start, write(2) to stdout,
 * decimal and hex printing, and exit(2) with the status main returns. */
#include "bare.h"

int main(void) {
  put_str("hello from a bare riscv64 program\n");
  put_dec(-1234567890123);
  put_char(' ');
  put_udec(18446744073709551615ul);
  put_char(' ');
  put_hex32(0xdeadbeef);
  put_char('\n');
  check("sys_write returns the length", (u64)sys_write(1, "x\n", 2), 2);
  return bare_done();
}
