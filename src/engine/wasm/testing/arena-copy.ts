import type { WasmKernels } from '../kernels';

/** A copy of `x` inside the kernels' memory (what the engine's tensors are). */
export function put(k: WasmKernels, x: Float32Array | Int32Array | number[]): Float32Array {
  const t = k.arena.floats(x.length);
  t.set(x);
  return t;
}

export function putInts(k: WasmKernels, x: Int32Array | number[]): Int32Array {
  const t = k.arena.ints(x.length);
  t.set(x);
  return t;
}

/** Count of elements whose |got − want| exceeds their bound (NaN counts); the first few are logged. */
export function violations(name: string, got: ArrayLike<number>, want: ArrayLike<number>, bound: (i: number) => number): number {
  let bad = 0;
  for (let i = 0; i < got.length; i++) {
    if (Object.is(got[i], want[i])) continue;
    if (!(Math.abs(got[i] - want[i]) <= bound(i))) {
      if (bad++ < 3) console.log(`${name}[${i}]: wasm ${got[i]} reference ${want[i]} bound ${bound(i)}`);
    }
  }
  return bad;
}

/** Number of elements that differ in bits (NaN = NaN counts as equal). */
export function bitDiffs(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) d++;
  return d;
}
