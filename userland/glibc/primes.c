/* primes: an integer compute workload with glibc around it (the kernel's program benchmark and
 * a demo). Counts the primes below N with a sieve, sorts a pseudo-random array with qsort and
 * prints a CRC-32 of the result, all in plain integer arithmetic.
 *
 *   primes [N]   (default 2000000)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

static uint32_t crc32(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & -(c & 1));
  }
  return ~c;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 2000000;
  if (n < 2 || n > 100000000) {
    fprintf(stderr, "primes: N must be from 2 to 100000000\n");
    return 2;
  }
  uint8_t *composite = calloc((size_t)n, 1);
  if (!composite) return 1;
  long count = 0;
  for (long i = 2; i < n; i++) {
    if (composite[i]) continue;
    count++;
    for (long j = i * i; j < n; j += i) composite[j] = 1;
  }
  size_t m = (size_t)(n / 16 + 1);
  uint32_t *values = malloc(m * sizeof *values);
  if (!values) return 1;
  uint32_t x = 2463534242u;
  for (size_t i = 0; i < m; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    values[i] = x;
  }
  qsort(values, m, sizeof *values, compare);
  printf("primes below %ld: %ld\n", n, count);
  printf("sorted %zu values, crc32 %08x\n", m, crc32((const uint8_t *)values, m * sizeof *values));
  free(values);
  free(composite);
  return 0;
}
