/*
 * memory-stride: a memory-bound workload over 12 MiB (3072 pages) of zero-initialised .bss.
 * One word written in every page and read back, strided sweeps that step a page and a cache
 * line at a time, a pointer chase through a full-period pseudo-random permutation of 64-byte
 * lines spread over the whole buffer (a TLB miss on nearly every step), and a 4 MiB
 * doubleword copy checked by checksum. Every pass prints a checksum; the exit code counts
 * failed self-checks.
 */
#include "bare.h"

#define BYTES (12ul << 20)
#define PAGE 4096ul
#define PAGES (BYTES / PAGE)
static u8 big[BYTES] __attribute__((aligned(4096)));

static u64 mix(u64 x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccd;
  x ^= x >> 33;
  return x;
}

/* one doubleword per page, at an offset that walks through the page */
static u64 *page_word(u64 p) { return (u64 *)(big + p * PAGE + (p * 8 % PAGE)); }

static void pages_pass(void) {
  check("bss starts zeroed", *page_word(PAGES - 1) | *(u64 *)(big + BYTES / 2), 0);
  for (u64 p = 0; p < PAGES; p++) *page_word(p) = mix(p);
  u64 bad = 0, sum = 0;
  for (u64 p = PAGES; p-- > 0;) {
    bad += *page_word(p) != mix(p);
    sum += *page_word(p);
  }
  check("every page reads back", bad, 0);
  show("page words checksum", sum);
}

static void stride_pass(void) {
  u64 sum = 0;
  for (int sweep = 0; sweep < 8; sweep++)
    for (u64 off = (u64)sweep * 8; off + 8 <= BYTES; off += PAGE + 64) {
      u64 *w = (u64 *)(big + off);
      *w += off ^ (u64)sweep;
      sum = sum * 31 + *w;
    }
  show("strided sweeps checksum", sum);
}

/* lines are 64-byte slots; slot i lives at line (i * 997) % LINES, so neighbours are far apart */
#define LINES (BYTES / 64)
#define SLOT_BITS 17
#define SLOTS (1ul << SLOT_BITS) /* 131072 slots in 196608 lines */
static u64 *slot(u64 i) { return (u64 *)(big + (i * 997 % LINES) * 64 + 8); }

static void chase_pass(void) {
  /* x -> (5x + 12345) mod 2^17 visits every slot before it repeats */
  for (u64 i = 0; i < SLOTS; i++) *slot(i) = (5 * i + 12345) & (SLOTS - 1);
  u64 at = 7, sum = 0;
  for (u64 step = 0; step < 4 * SLOTS; step++) {
    at = *slot(at);
    sum += at;
  }
  check("chase returns to its start", at, 7);
  check("chase visits every slot 4 times", sum, 4 * (SLOTS * (SLOTS - 1) / 2));
}

static void copy_pass(void) {
  u64 *src = (u64 *)big, *dst = (u64 *)(big + BYTES - (4ul << 20));
  u64 n = (4ul << 20) / 8, a = 0, b = 0;
  for (u64 i = 0; i < n; i++) src[i] = mix(i + 1000);
  for (u64 i = 0; i < n; i++) dst[i] = src[i];
  for (u64 i = 0; i < n; i++) {
    a = a * 3 + src[i];
    b = b * 3 + dst[i];
  }
  check("copy matches", a ^ b, 0);
  show("copy checksum", b);
}

int main(void) {
  pages_pass();
  stride_pass();
  chase_pass();
  copy_pass();
  return bare_done();
}
