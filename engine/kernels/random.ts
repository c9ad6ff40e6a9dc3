// The kernel's random numbers: a seeded xorshift128+ generator, so AT_RANDOM, getrandom and
// /dev/urandom give the same bytes in every run of the same scenario. Not cryptographic.

export class Random {
  private s0: bigint;
  private s1: bigint;

  constructor(seed: number) {
    // splitmix64 spreads a small seed over both state words
    let z = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n);
    const mix = () => {
      z = BigInt.asUintN(64, z + 0x9e3779b97f4a7c15n);
      let x = z;
      x = BigInt.asUintN(64, (x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n);
      x = BigInt.asUintN(64, (x ^ (x >> 27n)) * 0x94d049bb133111ebn);
      return x ^ (x >> 31n);
    };
    this.s0 = mix();
    this.s1 = mix() || 1n;
  }

  next64(): bigint {
    let x = this.s0;
    const y = this.s1;
    this.s0 = y;
    x ^= BigInt.asUintN(64, x << 23n);
    this.s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return BigInt.asUintN(64, this.s1 + y);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 8) {
      let v = this.next64();
      for (let j = i; j < Math.min(n, i + 8); j++) {
        out[j] = Number(v & 0xffn);
        v >>= 8n;
      }
    }
    return out;
  }
}
