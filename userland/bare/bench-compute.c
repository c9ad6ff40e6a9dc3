/*
 * bench-compute: a compute-bound workload, used as the hart's benchmark. A bit-array sieve of
 * Eratosthenes to two million, table-driven CRC-32 over four MiB of pseudo-random bytes, and
 * a 96x96 integer matrix product, each printing a result checked against a known value or a
 * checksum. Mostly loads, stores, shifts, branches and multiplies in tight loops; about 10^8
 * instructions.
 */
#include "bare.h"

#define SIEVE_N 2000000
static u64 composite[SIEVE_N / 64 + 1];

static u64 sieve(void) {
  for (u64 i = 3; i * i < SIEVE_N; i += 2)
    if (!(composite[i >> 6] >> (i & 63) & 1))
      for (u64 j = i * i; j < SIEVE_N; j += 2 * i) composite[j >> 6] |= 1ul << (j & 63);
  u64 count = 1; /* 2 */
  for (u64 i = 3; i < SIEVE_N; i += 2) count += !(composite[i >> 6] >> (i & 63) & 1);
  return count;
}

static u32 crc_table[256];

static void crc_init(void) {
  for (u32 i = 0; i < 256; i++) {
    u32 c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}

static u32 crc32(u32 crc, const u8 *p, u64 n) {
  crc = ~crc;
  while (n--) crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static u8 data[1 << 16];

static u32 crc_workload(void) {
  u64 x = 0x9e3779b97f4a7c15;
  u32 crc = 0;
  for (int round = 0; round < 64; round++) {
    for (unsigned i = 0; i < sizeof data; i += 8) {
      x ^= x << 13; /* xorshift64 */
      x ^= x >> 7;
      x ^= x << 17;
      *(u64 *)(data + i) = x;
    }
    crc = crc32(crc, data, sizeof data);
  }
  return crc;
}

#define M 96
static u32 a[M][M], b[M][M], c[M][M];

static u64 matrix(void) {
  for (u32 i = 0; i < M; i++)
    for (u32 j = 0; j < M; j++) {
      a[i][j] = i * 31 + j * 17 + 1;
      b[i][j] = (i ^ j) * 2654435761u;
    }
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      u32 s = 0;
      for (int k = 0; k < M; k++) s += a[i][k] * b[k][j];
      c[i][j] = s;
    }
  u64 sum = 0;
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) sum = sum * 1000003 + c[i][j];
  return sum;
}

int main(void) {
  check("primes below 2000000", sieve(), 148933);
  crc_init();
  check("crc32(\"123456789\")", crc32(0, (const u8 *)"123456789", 9), 0xcbf43926);
  show("crc32 of 4 MiB", crc_workload());
  show("matrix checksum", matrix());
  return bare_done();
}
