/*
 * rv64i-loadstore: every load and store width. lb lbu lh lhu lw lwu ld at every byte offset
 * of a pattern with the top bit set in every byte (sign versus zero extension; offsets that
 * are not multiples of the width are misaligned), negative offsets, sb sh sw sd at misaligned
 * offsets, misaligned loads and stores that cross a page boundary, and a load into x0.
 */
#include "bare.h"

#define LOAD(op, p, off)                                                 \
  ({                                                                     \
    u64 r_;                                                              \
    __asm__ volatile(op " %0, " #off "(%1)" : "=r"(r_) : "r"(p) : "memory"); \
    r_;                                                                  \
  })
#define STORE(op, p, off, v) __asm__ volatile(op " %1, " #off "(%0)" : : "r"(p), "r"(v) : "memory")

static u8 buf[32] __attribute__((aligned(16)));
static u8 pages[2 * 4096] __attribute__((aligned(4096)));

static void fill(void) {
  for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (u8)(0x80 + i * 7);
}

static void dump(const char *label) {
  put_str(label);
  for (unsigned i = 0; i < sizeof buf; i++) {
    put_char(' ');
    put_char("0123456789abcdef"[buf[i] >> 4]);
    put_char("0123456789abcdef"[buf[i] & 15]);
  }
  put_char('\n');
}

#define LOAD_ROW(op)                                 \
  for (unsigned off = 0; off < 16; off++) {          \
    u8 *p = buf + off;                               \
    OPAQUE(p);                                       \
    put_str(op " +");                                \
    put_udec(off);                                   \
    put_char(' ');                                   \
    put_hex(LOAD(op, p, 0));                         \
    put_char('\n');                                  \
  }

#define STORE_ROW(op, v)                             \
  for (unsigned off = 0; off < 8; off++) {           \
    fill();                                          \
    u8 *p = buf + 8 + off;                           \
    OPAQUE(p);                                       \
    STORE(op, p, 0, v);                              \
    put_str(op " +");                                \
    put_udec(off);                                   \
    dump("");                                        \
  }

int main(void) {
  fill();
  dump("pattern");
  LOAD_ROW("lb") LOAD_ROW("lbu") LOAD_ROW("lh") LOAD_ROW("lhu") LOAD_ROW("lw") LOAD_ROW("lwu") LOAD_ROW("ld")

  u64 v = 0x0123456789abcdef;
  OPAQUE(v);
  STORE_ROW("sb", v) STORE_ROW("sh", v) STORE_ROW("sw", v) STORE_ROW("sd", v)

  fill();
  u8 *mid = buf + 16;
  OPAQUE(mid);
  check("lb sign-extends", LOAD("lb", mid, -16), 0xffffffffffffff80);
  check("lbu zero-extends", LOAD("lbu", mid, -16), 0x80);
  check("lh negative offset", LOAD("lh", mid, -2), 0xffffffffffffe9e2);
  check("lhu negative offset", LOAD("lhu", mid, -2), 0xe9e2);
  check("lw sign-extends", LOAD("lw", mid, -4), 0xffffffffe9e2dbd4);
  check("lwu zero-extends", LOAD("lwu", mid, -4), 0xe9e2dbd4);
  check("ld", LOAD("ld", mid, -8), 0xe9e2dbd4cdc6bfb8);
  check("ld misaligned", LOAD("ld", mid, -5), 0xfef7f0e9e2dbd4cd);
  check("lw misaligned", LOAD("lw", mid, 1), 0x0c05fef7);
  STORE("sd", mid, 3, v);
  check("sd misaligned then ld", LOAD("ld", mid, 3), 0x0123456789abcdef);
  check("bytes around it", LOAD("lbu", mid, 2) << 8 | LOAD("lbu", mid, 11), 0xfe3d);
  STORE("sh", mid, -1, v);
  check("sh misaligned then lhu", LOAD("lhu", mid, -1), 0xcdef);

  /* across a page boundary: the access starts 3 bytes before the second page */
  u8 *edge = pages + 4096 - 3;
  OPAQUE(edge);
  STORE("sd", edge, 0, v);
  check("sd across pages, ld", LOAD("ld", edge, 0), 0x0123456789abcdef);
  check("lw across pages", LOAD("lw", edge, 0), 0xffffffff89abcdef);
  check("lhu across pages", LOAD("lhu", edge, 2), 0x89ab);
  check("bytes of the second page", LOAD("lwu", pages + 4096, 0), 0x23456789);
  STORE("sw", edge, 1, 0xa1b2c3d4ul);
  check("sw across pages", LOAD("ld", edge, 0), 0x012345a1b2c3d4ef);
  check("page 1 last byte", LOAD("lbu", pages + 4095, 0), 0xc3);

  u64 z;
  __asm__ volatile("ld x0, 0(%1)\n\tmv %0, x0" : "=r"(z) : "r"(buf));
  check("load into x0", z, 0);
  return bare_done();
}
