/*
 * rv64a: the A extension on one hart. lr/sc retry loops (word and doubleword), sc failing
 * without a reservation, after the reservation was used and at another address; every
 * amo*.w and amo*.d (swap add xor and or min max minu maxu) on signed/unsigned edge operands,
 * printing the old value (sign-extended for .w) and the memory after, with the neighbouring
 * word untouched; the .aq/.rl/.aqrl orderings and rd = x0.
 */
#include "bare.h"

static u64 mem[4] __attribute__((aligned(16)));

#define AMO(op, addr, v)                                                              \
  ({                                                                                  \
    u64 r_;                                                                           \
    __asm__ volatile(op " %0, %2, (%1)" : "=&r"(r_) : "r"(addr), "r"(v) : "memory"); \
    r_;                                                                               \
  })

static const u64 vals[] = {0, 1, -1ul, 0x7fffffff80000000, 0x80000000ffffffff, 0x0000000012345678, 0xfedcba9876543210};
#define N (sizeof vals / sizeof vals[0])

#define AMO_ROWS(op)                                                   \
  for (unsigned i = 0; i < N; i++)                                           \
    for (unsigned j = 0; j < N; j++) {                                       \
      mem[0] = 0x1111111111111111;                                           \
      mem[1] = vals[i];                                                      \
      mem[2] = 0x2222222222222222;                                           \
      u64 old = AMO(op, &mem[1], vals[j]);                                   \
      put_str(op " ");                                                       \
      put_udec(i);                                                           \
      put_char(' ');                                                         \
      put_udec(j);                                                           \
      put_char(' ');                                                         \
      put_hex(old);                                                          \
      put_char(' ');                                                         \
      put_hex(mem[1]);                                                       \
      if (mem[0] != 0x1111111111111111 || mem[2] != 0x2222222222222222)      \
        put_str(" neighbours changed");                                      \
      put_char('\n');                                                        \
    }

static u64 lr_sc_add_w(u32 *p, u32 v) {
  u64 old, tmp, fail;
  __asm__ volatile("1: lr.w %0, (%3)\n\taddw %1, %0, %4\n\tsc.w %2, %1, (%3)\n\tbnez %2, 1b"
                   : "=&r"(old), "=&r"(tmp), "=&r"(fail)
                   : "r"(p), "r"(v)
                   : "memory");
  return old;
}

static u64 lr_sc_add_d(u64 *p, u64 v) {
  u64 old, tmp, fail;
  __asm__ volatile("1: lr.d.aqrl %0, (%3)\n\tadd %1, %0, %4\n\tsc.d.rl %2, %1, (%3)\n\tbnez %2, 1b"
                   : "=&r"(old), "=&r"(tmp), "=&r"(fail)
                   : "r"(p), "r"(v)
                   : "memory");
  return old;
}

int main(void) {
  AMO_ROWS("amoswap.w") AMO_ROWS("amoadd.w") AMO_ROWS("amoxor.w") AMO_ROWS("amoand.w")
  AMO_ROWS("amoor.w") AMO_ROWS("amomin.w") AMO_ROWS("amomax.w") AMO_ROWS("amominu.w")
  AMO_ROWS("amomaxu.w")
  AMO_ROWS("amoswap.d") AMO_ROWS("amoadd.d") AMO_ROWS("amoxor.d") AMO_ROWS("amoand.d")
  AMO_ROWS("amoor.d") AMO_ROWS("amomin.d") AMO_ROWS("amomax.d") AMO_ROWS("amominu.d")
  AMO_ROWS("amomaxu.d")

  /* lr/sc retry loops */
  mem[1] = 0;
  u32 *w = (u32 *)&mem[1];
  for (int i = 0; i < 1000; i++) lr_sc_add_w(w + 1, 3);
  check("lr.w/sc.w loop", mem[1], 3000ul << 32);
  mem[1] = 0xffffffff;
  check("lr.w sign-extends", lr_sc_add_w(w, 1), -1ul);
  check("sc.w stored 32 bits", mem[1], 0);
  mem[2] = 0;
  for (int i = 0; i < 1000; i++) lr_sc_add_d(&mem[2], 0x100000001ul);
  check("lr.d/sc.d loop", mem[2], 1000 * 0x100000001ul);

  /* sc without a (matching) reservation fails and stores nothing */
  u64 fail, v;
  mem[3] = 5;
  __asm__ volatile("lr.d %1, (%2)\n\tsc.d %0, %3, (%2)\n\tsc.d %0, %4, (%2)"
                   : "=&r"(fail), "=&r"(v)
                   : "r"(&mem[3]), "r"(6ul), "r"(7ul)
                   : "memory");
  check("second sc.d fails", fail != 0, 1);
  check("first sc.d stored", mem[3], 6);
  mem[2] = 1;
  __asm__ volatile("lr.d %1, (%2)\n\tsc.d %0, %4, (%3)"
                   : "=&r"(fail), "=&r"(v)
                   : "r"(&mem[2]), "r"(&mem[3]), "r"(9ul)
                   : "memory");
  check("sc.d elsewhere fails", fail != 0, 1);
  check("sc.d elsewhere stored nothing", mem[3], 6);
  __asm__ volatile("lr.w %1, (%2)\n\tsc.w %0, %4, (%3)"
                   : "=&r"(fail), "=&r"(v)
                   : "r"(w), "r"(w + 1), "r"(9ul)
                   : "memory");
  check("sc.w elsewhere fails", fail != 0, 1);

  /* orderings and rd = x0 */
  mem[1] = 10;
  AMO("amoadd.d.aq", &mem[1], 1ul);
  AMO("amoadd.d.rl", &mem[1], 2ul);
  AMO("amoadd.d.aqrl", &mem[1], 3ul);
  AMO("amoor.w.aqrl", &mem[1], 0x100ul);
  __asm__ volatile("amoadd.d zero, %1, (%0)" : : "r"(&mem[1]), "r"(4ul) : "memory");
  check("orderings and x0", mem[1], 0x114);
  check("amoswap.w upper half", AMO("amoswap.w", w + 1, 0x80000000ul), 0);
  check("memory after", mem[1], 0x8000000000000114);
  check("amominu.w upper half", AMO("amominu.w", w + 1, 0x7ffffffful), 0xffffffff80000000);
  check("amomin.d", AMO("amomin.d", &mem[1], 0ul), 0x7fffffff00000114);
  check("memory after amomin.d", mem[1], 0);
  return bare_done();
}
