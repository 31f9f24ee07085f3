// Residual connection with four-lane SIMD; reference src/engine/cpu/residual.ts. A float32 sum
// rounded once equals the reference's float64 sum rounded to float32 (float64 has more than
// 2·24 + 2 bits), so these match the reference bit for bit.
import { loadTail, storeTail } from './gelu';
import { at } from './mem';

export function residualForward(out: usize, a: usize, b: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) v128.store(at(out, i), f32x4.add(v128.load(at(a, i)), v128.load(at(b, i))));
  if (n4 < n) storeTail(out, n4, n, f32x4.add(loadTail(a, n4, n), loadTail(b, n4, n)));
}

/** da += dout, db += dout. */
export function residualBackward(da: usize, db: usize, dout: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const d = v128.load(at(dout, i));
    v128.store(at(da, i), f32x4.add(v128.load(at(da, i)), d));
    v128.store(at(db, i), f32x4.add(v128.load(at(db, i)), d));
  }
  for (let i = n4; i < n; i++) {
    const d = load<f32>(at(dout, i));
    store<f32>(at(da, i), load<f32>(at(da, i)) + d);
    store<f32>(at(db, i), load<f32>(at(db, i)) + d);
  }
}
