/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11): a
 * counter-based generator, so the same (key, counter) gives the same numbers on the CPU and in
 * WGSL (shaders/lib/philox.wgsl) and any draw can be made without the ones before it. One seed
 * feeds weight init, sampling and shuffling through separate streams (streams.ts).
 */
import { STREAM } from './streams';

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two u32s, exactly, with 16-bit limbs. */
function mulhi32(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const cross = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(cross / 65536)) >>> 0;
}

/** Philox4x32 with 10 rounds. counter: 4 u32, key: 2 u32. Writes 4 u32 into `out`. */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi32(M0, c0), lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi32(M1, c2), lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
  return out;
}

/** A u32 to a float in [0, 1) with 24 random bits (exactly representable; same formula in WGSL). */
export function u32ToUnit(u: number): number {
  return (u >>> 8) * (1 / 16777216);
}

/**
 * A sequential view over Philox: key (seed, stream), counter (n, n_hi, index, 0) with n incremented
 * per block of 4. Streams and indices: streams.ts.
 */
export class Rng {
  private counter = 0;
  private counterHi = 0;
  private readonly block = new Uint32Array(4);
  private used = 4;
  private spareNormal: number | null = null;

  constructor(readonly seed: number, readonly stream: number = STREAM.test, readonly index = 0) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in [0, 2^32): ${seed}`);
    if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) throw new RangeError(`index must be an integer in [0, 2^32): ${index}`);
  }

  nextU32(): number {
    if (this.used === 4) {
      philox4x32(this.counter, this.counterHi, this.index, 0, this.seed >>> 0, this.stream >>> 0, this.block);
      this.counter = (this.counter + 1) >>> 0;
      if (this.counter === 0) this.counterHi = (this.counterHi + 1) >>> 0;
      this.used = 0;
    }
    return this.block[this.used++];
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return u32ToUnit(this.nextU32());
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spareNormal !== null) {
      const s = this.spareNormal;
      this.spareNormal = null;
      return s;
    }
    const u1 = 1 - this.uniform(); // (0, 1]
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** A Float32Array of uniforms in [lo, hi). */
  uniformArray(n: number, lo = 0, hi = 1): Float32Array {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * this.uniform();
    return a;
  }

  normalArray(n: number, std = 1, mean = 0): Float32Array {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = mean + std * this.normal();
    return a;
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(a: T[] | Uint32Array | Int32Array): typeof a {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
