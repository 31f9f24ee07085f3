// One generation step of causal self-attention with a KV cache, float32 with four-lane SIMD;
// reference src/engine/cpu/attention-decode.ts (cache (B,NH,maxS,hs), query attends to 0..pos).
import { axpy, dot, expShift } from './attention';
import { at, ldf, stf } from './mem';

/** scores: scratch of at least pos + 1 floats. */
export function attentionDecode(out: usize, kcache: usize, vcache: usize, qkv: usize, B: i32, C: i32, NH: i32, maxS: i32, pos: i32, scores: usize): void {
  const hs = C / NH;
  const scale: f32 = 1 / Mathf.sqrt(<f32>hs);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < NH; h++) {
      const cache = (b * NH + h) * maxS * hs;
      const x = b * 3 * C + h * hs;
      memory.copy(at(kcache, cache + pos * hs), at(qkv, x + C), (<usize>hs) << 2);
      memory.copy(at(vcache, cache + pos * hs), at(qkv, x + 2 * C), (<usize>hs) << 2);
      let mx: f32 = -Infinity;
      for (let t2 = 0; t2 <= pos; t2++) {
        const z = dot(at(qkv, x), at(kcache, cache + t2 * hs), hs) * scale;
        stf(scores, t2, z);
        mx = max(mx, z);
      }
      const sum = expShift(scores, scores, pos + 1, mx);
      const o = at(out, b * C + h * hs);
      for (let i = 0; i < hs; i++) stf(o, i, 0);
      for (let t2 = 0; t2 <= pos; t2++) axpy(o, ldf(scores, t2), at(vcache, cache + t2 * hs), hs);
      for (let i = 0; i < hs; i++) stf(o, i, ldf(o, i) / sum);
    }
  }
}
