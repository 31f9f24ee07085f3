/**
 * The CPU engine's WebAssembly SIMD kernels (sources: ./assembly/, built by scripts/wasm-build.mjs),
 * wrapped with the TypeScript ops' signatures (docs/engine-contract.md). Each wrapper returns
 * `false` when an argument is not in this engine's memory (a tensor of another engine, or one that
 * overflowed a fixed memory, see arena.ts): the caller then runs the TypeScript reference op.
 *
 * Two precisions for the linear layer: `exact` (float64 in the reference's order: the same bits as
 * src/engine/cpu/matmul-fast.ts) and float32 (four lanes, faster). Residual, AdamW and the gradient
 * norm equal the reference bit for bit in either; the other kernels are float32 only — among them the
 * RL log-probs (reference src/engine/rl/logprobs.ts) and the rollout's draw (src/engine/cpu/sample.ts).
 */
import { plain, shared } from 'virtual:wasm-kernels';
import { clipScale } from '../cpu/adamw';
import { drawUniform, rowEnded, type DrawSettings } from '../cpu/sample';
import { WasmArena } from './arena';
import { WasmThreadPool } from './pool';

/** Kernels that take a range as their last two arguments and may be split between threads. */
export const PARALLEL = [
  'matmulForwardRows', 'matmulForwardRowsExact', 'matmulBackwardInputRows', 'matmulBackwardInputRowsExact',
  'matmulBackwardWeightRows', 'matmulBackwardWeightRowsExact', 'attentionForward', 'attentionBackward',
  'geluForwardRange', 'geluBackwardRange',
] as const;
type Parallel = (typeof PARALLEL)[number];
/** Below this many flops a job runs on one thread: waking the helpers costs tens of microseconds. */
const MIN_PARALLEL_FLOPS = 2e6;

/** Detaches a collected engine's memory from the helper threads. */
const detachOnCollect = typeof FinalizationRegistry !== 'undefined'
  ? new FinalizationRegistry<{ pool: WasmThreadPool; id: number }>(({ pool, id }) => pool.detach(id))
  : null;

/** The exports of ./assembly/index.ts (addresses are byte offsets into the arena's memory). */
interface Exports {
  heapBase(): number;
  transpose(wt: number, w: number, C: number, OC: number): void;
  matmulForwardRows(out: number, inp: number, wt: number, bias: number, N: number, C: number, OC: number, n0: number, n1: number): void;
  matmulBackwardInputRows(dinp: number, dout: number, w: number, N: number, C: number, OC: number, n0: number, n1: number): void;
  matmulBackwardWeightRows(dweight: number, dbias: number, dout: number, inp: number, N: number, C: number, OC: number, o0: number, o1: number): void;
  matmulForwardRowsExact(out: number, inp: number, wt: number, bias: number, N: number, C: number, OC: number, n0: number, n1: number): void;
  matmulBackwardInputRowsExact(dinp: number, dout: number, w: number, N: number, C: number, OC: number, n0: number, n1: number): void;
  matmulBackwardWeightRowsExact(dweight: number, dbias: number, dout: number, inp: number, N: number, C: number, OC: number, o0: number, o1: number): void;
  layernormForward(out: number, mean: number, rstd: number, inp: number, weight: number, bias: number, N: number, C: number): void;
  layernormBackward(dinp: number, dweight: number, dbias: number, dout: number, inp: number, weight: number, mean: number, rstd: number, N: number, C: number): void;
  geluForward(out: number, inp: number, n: number): void;
  geluBackward(dinp: number, inp: number, dout: number, n: number): void;
  geluForwardRange(out: number, inp: number, n: number, i0: number, i1: number): void;
  geluBackwardRange(dinp: number, inp: number, dout: number, n: number, i0: number, i1: number): void;
  residualForward(out: number, a: number, b: number, n: number): void;
  residualBackward(da: number, db: number, dout: number, n: number): void;
  attentionForward(out: number, preatt: number, att: number, qkv: number, B: number, S: number, C: number, NH: number, bh0: number, bh1: number): void;
  attentionBackward(dqkv: number, dpreatt: number, datt: number, dout: number, qkv: number, att: number, B: number, S: number, C: number, NH: number, bh0: number, bh1: number): void;
  attentionDecode(out: number, kcache: number, vcache: number, qkv: number, B: number, C: number, NH: number, maxS: number, pos: number, scores: number): void;
  crossentropyForward(losses: number, probs: number, logits: number, targets: number, N: number, V: number): void;
  crossentropyBackward(dlogits: number, dlosses: number, probs: number, targets: number, N: number, V: number): void;
  gradNormSquared(grads: number, n: number): number;
  adamwUpdate(params: number, grads: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, bc1: number, bc2: number, scale: number): void;
  logprobsForward(logprobs: number, entropy: number, logits: number, seq: number, B: number, T: number, S: number, P: number, V: number, invT: number): void;
  logprobsBackward(dlogits: number, dlogprobs: number, dentropy: number, logits: number, seq: number, B: number, T: number, S: number, P: number, V: number, invT: number): void;
  sampleDraw(tokens: number, logits: number, rows: number, us: number, n: number, V: number, invT: number, e: number): void;
  simdPeak(iters: number, seed: number): number;
  exp4Into(out: number, inp: number, n: number): void;
  tanh4Into(out: number, inp: number, n: number): void;
}

type Arr = Float32Array | Int32Array;

const compiled: { plain?: WebAssembly.Module; shared?: WebAssembly.Module } = {};

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The compiled module for a memory kind, compiled once per thread (synchronously: ~30 KB, workers and Node allow it). */
function moduleFor(kind: 'plain' | 'shared'): WebAssembly.Module {
  return (compiled[kind] ??= new WebAssembly.Module(decodeBase64(kind === 'shared' ? shared : plain)));
}

function need(t: ArrayLike<number> | null, n: number, what: string): void {
  if (t && t.length < n) throw new RangeError(`${what}: needs ${n} elements, got a tensor of ${t.length}`);
}

export class WasmKernels {
  readonly arena: WasmArena;
  /** The raw exports (benchmarks and tests). */
  readonly x: Exports;
  /** Helper threads and this memory's id with them; null on one thread. */
  private readonly pool: WasmThreadPool | null = null;
  private readonly poolId: number = 0;
  /** Why fewer threads run than were asked for ('' when all is well). */
  readonly threadNote: string = '';

  private constructor(arena: WasmArena, x: Exports, module: WebAssembly.Module, threads: number) {
    this.arena = arena;
    this.x = x;
    if (threads > 1) {
      if (!arena.shared) {
        this.threadNote = 'one thread: no shared WebAssembly memory here';
      } else {
        const { pool, why } = WasmThreadPool.get(threads);
        this.threadNote = why ? `one thread: ${why}` : '';
        if (pool) {
          this.pool = pool;
          this.poolId = pool.attach(arena.memory, module, [...PARALLEL]);
          detachOnCollect?.register(this, { pool, id: this.poolId });
        }
      }
    }
  }

  /**
   * Kernels on a fresh memory, on `threads` threads where the platform allows (see pool.ts);
   * throws (with the platform's reason) where WebAssembly or SIMD is unavailable.
   */
  static create(o: { shared?: boolean; fixedBytes?: number; threads?: number } = {}): WasmKernels {
    if (typeof WebAssembly === 'undefined') throw new Error('this JavaScript engine has no WebAssembly');
    const arena = new WasmArena(o);
    const module = moduleFor(arena.shared ? 'shared' : 'plain');
    const instance = new WebAssembly.Instance(module, { env: { memory: arena.memory } });
    const x = instance.exports as unknown as Exports;
    arena.reserveBelow(x.heapBase());
    return new WasmKernels(arena, x, module, o.threads ?? 1);
  }

  /** Threads a large kernel runs on now (1 until the helpers have this memory). */
  get threads(): number {
    return this.pool ? this.pool.threadsFor(this.poolId) : 1;
  }

  /** Resolves when the helper threads can take jobs on this memory (at once on one thread). */
  async threadsReady(): Promise<void> {
    await this.pool?.whenAttached(this.poolId);
  }

  /** kernel(...args, a, b) over [0, total), split between the threads when the job is large enough. */
  private par(kernel: Parallel, args: number[], total: number, align: number, flops: number): void {
    const f = this.x[kernel] as (...a: number[]) => void;
    if (this.pool && flops >= MIN_PARALLEL_FLOPS) this.pool.run(this.poolId, PARALLEL.indexOf(kernel), f, args, total, align);
    else f(...args, 0, total);
  }

  /** Byte addresses of the arguments, or null when one is outside the arena (null args map to 0). */
  private ptrs(...ts: (Arr | null)[]): number[] | null {
    const out: number[] = [];
    for (const t of ts) {
      if (t === null) { out.push(0); continue; }
      if (!this.arena.holds(t)) return null;
      out.push(t.byteOffset);
    }
    return out;
  }

  matmulForward(out: Float32Array, inp: Float32Array, weight: Float32Array, bias: Float32Array | null, N: number, C: number, OC: number, exact: boolean): boolean {
    need(out, N * OC, 'matmulForward out'); need(inp, N * C, 'matmulForward inp'); need(weight, OC * C, 'matmulForward weight'); need(bias, OC, 'matmulForward bias');
    const p = this.ptrs(out, inp, weight, bias);
    const wt = this.arena.scratch(OC * C * 4);
    if (!p || wt < 0) return false;
    this.x.transpose(wt, p[2], C, OC);
    this.par(exact ? 'matmulForwardRowsExact' : 'matmulForwardRows', [p[0], p[1], wt, p[3], N, C, OC], N, 4, 2 * N * C * OC);
    return true;
  }

  matmulBackward(dinp: Float32Array, dweight: Float32Array, dbias: Float32Array | null, dout: Float32Array, inp: Float32Array, weight: Float32Array, N: number, C: number, OC: number, exact: boolean): boolean {
    need(dinp, N * C, 'matmulBackward dinp'); need(dweight, OC * C, 'matmulBackward dweight'); need(dbias, OC, 'matmulBackward dbias');
    need(dout, N * OC, 'matmulBackward dout'); need(inp, N * C, 'matmulBackward inp'); need(weight, OC * C, 'matmulBackward weight');
    const p = this.ptrs(dinp, dweight, dbias, dout, inp, weight);
    if (!p) return false;
    const flops = 2 * N * C * OC;
    this.par(exact ? 'matmulBackwardInputRowsExact' : 'matmulBackwardInputRows', [p[0], p[3], p[5], N, C, OC], N, 4, flops);
    this.par(exact ? 'matmulBackwardWeightRowsExact' : 'matmulBackwardWeightRows', [p[1], p[2], p[3], p[4], N, C, OC], OC, 4, flops);
    return true;
  }

  layernormForward(out: Float32Array, mean: Float32Array, rstd: Float32Array, inp: Float32Array, weight: Float32Array, bias: Float32Array, N: number, C: number): boolean {
    need(out, N * C, 'layernormForward out'); need(mean, N, 'layernormForward mean'); need(rstd, N, 'layernormForward rstd');
    need(inp, N * C, 'layernormForward inp'); need(weight, C, 'layernormForward weight'); need(bias, C, 'layernormForward bias');
    const p = this.ptrs(out, mean, rstd, inp, weight, bias);
    if (!p) return false;
    this.x.layernormForward(p[0], p[1], p[2], p[3], p[4], p[5], N, C);
    return true;
  }

  layernormBackward(dinp: Float32Array, dweight: Float32Array, dbias: Float32Array, dout: Float32Array, inp: Float32Array, weight: Float32Array, mean: Float32Array, rstd: Float32Array, N: number, C: number): boolean {
    need(dinp, N * C, 'layernormBackward dinp'); need(dweight, C, 'layernormBackward dweight'); need(dbias, C, 'layernormBackward dbias');
    need(dout, N * C, 'layernormBackward dout'); need(inp, N * C, 'layernormBackward inp'); need(weight, C, 'layernormBackward weight');
    need(mean, N, 'layernormBackward mean'); need(rstd, N, 'layernormBackward rstd');
    const p = this.ptrs(dinp, dweight, dbias, dout, inp, weight, mean, rstd);
    if (!p) return false;
    this.x.layernormBackward(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], N, C);
    return true;
  }

  geluForward(out: Float32Array, inp: Float32Array, n: number): boolean {
    need(out, n, 'geluForward out'); need(inp, n, 'geluForward inp');
    const p = this.ptrs(out, inp);
    if (!p) return false;
    this.par('geluForwardRange', [p[0], p[1], n], n, 4, 30 * n);
    return true;
  }

  geluBackward(dinp: Float32Array, inp: Float32Array, dout: Float32Array, n: number): boolean {
    need(dinp, n, 'geluBackward dinp'); need(inp, n, 'geluBackward inp'); need(dout, n, 'geluBackward dout');
    const p = this.ptrs(dinp, inp, dout);
    if (!p) return false;
    this.par('geluBackwardRange', [p[0], p[1], p[2], n], n, 4, 40 * n);
    return true;
  }

  residualForward(out: Float32Array, a: Float32Array, b: Float32Array, n: number): boolean {
    need(out, n, 'residualForward out'); need(a, n, 'residualForward a'); need(b, n, 'residualForward b');
    const p = this.ptrs(out, a, b);
    if (!p) return false;
    this.x.residualForward(p[0], p[1], p[2], n);
    return true;
  }

  residualBackward(da: Float32Array, db: Float32Array, dout: Float32Array, n: number): boolean {
    need(da, n, 'residualBackward da'); need(db, n, 'residualBackward db'); need(dout, n, 'residualBackward dout');
    const p = this.ptrs(da, db, dout);
    if (!p) return false;
    this.x.residualBackward(p[0], p[1], p[2], n);
    return true;
  }

  attentionForward(out: Float32Array, preatt: Float32Array, att: Float32Array, qkv: Float32Array, B: number, S: number, C: number, NH: number): boolean {
    checkHeads(C, NH, 'attentionForward');
    need(out, B * S * C, 'attentionForward out'); need(preatt, B * NH * S * S, 'attentionForward preatt'); need(att, B * NH * S * S, 'attentionForward att');
    need(qkv, B * S * 3 * C, 'attentionForward qkv');
    const p = this.ptrs(out, preatt, att, qkv);
    if (!p) return false;
    this.par('attentionForward', [p[0], p[1], p[2], p[3], B, S, C, NH], B * NH, 1, 2 * B * C * S * (S + 1));
    return true;
  }

  attentionBackward(dqkv: Float32Array, dpreatt: Float32Array, datt: Float32Array, dout: Float32Array, qkv: Float32Array, att: Float32Array, B: number, S: number, C: number, NH: number): boolean {
    checkHeads(C, NH, 'attentionBackward');
    need(dqkv, B * S * 3 * C, 'attentionBackward dqkv'); need(dpreatt, B * NH * S * S, 'attentionBackward dpreatt'); need(datt, B * NH * S * S, 'attentionBackward datt');
    need(dout, B * S * C, 'attentionBackward dout'); need(qkv, B * S * 3 * C, 'attentionBackward qkv'); need(att, B * NH * S * S, 'attentionBackward att');
    const p = this.ptrs(dqkv, dpreatt, datt, dout, qkv, att);
    if (!p) return false;
    this.par('attentionBackward', [p[0], p[1], p[2], p[3], p[4], p[5], B, S, C, NH], B * NH, 1, 4 * B * C * S * (S + 1));
    return true;
  }

  attentionDecode(out: Float32Array, kcache: Float32Array, vcache: Float32Array, qkv: Float32Array, B: number, C: number, NH: number, maxS: number, pos: number): boolean {
    checkHeads(C, NH, 'attentionDecode');
    if (!Number.isInteger(pos) || pos < 0 || pos >= maxS) throw new RangeError(`attentionDecode: pos=${pos} outside [0, ${maxS})`);
    need(out, B * C, 'attentionDecode out'); need(kcache, B * maxS * C, 'attentionDecode kcache'); need(vcache, B * maxS * C, 'attentionDecode vcache');
    need(qkv, B * 3 * C, 'attentionDecode qkv');
    const p = this.ptrs(out, kcache, vcache, qkv);
    const scores = this.arena.scratch((pos + 1) * 4);
    if (!p || scores < 0) return false;
    this.x.attentionDecode(p[0], p[1], p[2], p[3], B, C, NH, maxS, pos, scores);
    return true;
  }

  crossentropyForward(losses: Float32Array, probs: Float32Array, logits: Float32Array, targets: Int32Array, N: number, V: number): boolean {
    need(losses, N, 'crossentropyForward losses'); need(probs, N * V, 'crossentropyForward probs'); need(logits, N * V, 'crossentropyForward logits');
    need(targets, N, 'crossentropyForward targets');
    const p = this.ptrs(losses, probs, logits, targets);
    if (!p) return false;
    this.x.crossentropyForward(p[0], p[1], p[2], p[3], N, V);
    return true;
  }

  crossentropyBackward(dlogits: Float32Array, dlosses: Float32Array, probs: Float32Array, targets: Int32Array, N: number, V: number): boolean {
    need(dlogits, N * V, 'crossentropyBackward dlogits'); need(dlosses, N, 'crossentropyBackward dlosses'); need(probs, N * V, 'crossentropyBackward probs');
    need(targets, N, 'crossentropyBackward targets');
    const p = this.ptrs(dlogits, dlosses, probs, targets);
    if (!p) return false;
    this.x.crossentropyBackward(p[0], p[1], p[2], p[3], N, V);
    return true;
  }

  logprobsForward(logprobs: Float32Array, entropy: Float32Array, logits: Float32Array, seq: Int32Array, B: number, T: number, S: number, P: number, V: number, temperature: number): boolean {
    checkLogprobs(seq, () => true, B, T, S, P, V, temperature);
    need(logprobs, B * T, 'logprobsForward logprobs'); need(entropy, B * T, 'logprobsForward entropy'); need(logits, B * S * V, 'logprobsForward logits');
    const p = this.ptrs(logprobs, entropy, logits, seq);
    if (!p) return false;
    this.x.logprobsForward(p[0], p[1], p[2], p[3], B, T, S, P, V, 1 / temperature);
    return true;
  }

  logprobsBackward(dlogits: Float32Array, dlogprobs: Float32Array, dentropy: Float32Array, logits: Float32Array, seq: Int32Array, B: number, T: number, S: number, P: number, V: number, temperature: number): boolean {
    need(dlogprobs, B * T, 'logprobsBackward dlogprobs'); need(dentropy, B * T, 'logprobsBackward dentropy');
    // As the reference, a masked row (both gradients 0) is skipped before its token is looked at.
    checkLogprobs(seq, (i) => dlogprobs[i] !== 0 || dentropy[i] !== 0, B, T, S, P, V, temperature);
    need(dlogits, B * S * V, 'logprobsBackward dlogits'); need(logits, B * S * V, 'logprobsBackward logits');
    const p = this.ptrs(dlogits, dlogprobs, dentropy, logits, seq);
    if (!p) return false;
    this.x.logprobsBackward(p[0], p[1], p[2], p[3], p[4], B, T, S, P, V, 1 / temperature);
    return true;
  }

  /**
   * seq[b, pos+1] ← the draw of src/engine/cpu/sample.ts's sampleNext: the same Philox uniforms and
   * ended rows (PAD) here, the inverse-CDF draw of the live rows in the kernel (float32).
   *   logits (B, V), seq (B, S)
   */
  sampleNext(seq: Int32Array, logits: Float32Array, B: number, S: number, V: number, pos: number, P: number, d: DrawSettings): boolean {
    const next = pos + 1;
    need(seq, B * S, 'sampleNext seq'); need(logits, B * V, 'sampleNext logits');
    const p = this.ptrs(seq, logits);
    // Scratch: uniforms (B), row indices (B), drawn tokens (B), then V floats for the kernel's e_j.
    const nb = (B + 3) & ~3;
    const base = this.arena.scratch((3 * nb + V) * 4);
    if (!p || base < 0) return false;
    if (next < P || next >= S) return true;
    const buf = this.arena.memory.buffer;
    const us = new Float32Array(buf, base, B), rows = new Int32Array(buf, base + 4 * nb, B), tokens = new Int32Array(buf, base + 8 * nb, B);
    let n = 0;
    for (let b = 0; b < B; b++) {
      if (rowEnded(seq, b, S, pos, P, d)) {
        seq[b * S + next] = d.pad;
      } else {
        rows[n] = b;
        us[n++] = drawUniform(next, b, d);
      }
    }
    this.x.sampleDraw(tokens.byteOffset, p[1], rows.byteOffset, us.byteOffset, n, V, Math.fround(1 / d.temperature), base + 12 * nb);
    for (let i = 0; i < n; i++) seq[rows[i] * S + next] = tokens[i];
    return true;
  }

  /** Σ g² (float64, the reference's order), or null when grads is outside the arena. */
  gradNormSquared(grads: Float32Array, n: number): number | null {
    need(grads, n, 'gradNormSquared grads');
    const p = this.ptrs(grads);
    return p ? this.x.gradNormSquared(p[0], n) : null;
  }

  adamwUpdate(params: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array, n: number, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, t: number, normSq: number, maxNorm: number): boolean {
    if (!(Number.isInteger(t) && t >= 1)) throw new RangeError(`adamwUpdate: step t must be an integer ≥ 1, got ${t}`);
    need(params, n, 'adamwUpdate params'); need(grads, n, 'adamwUpdate grads'); need(m, n, 'adamwUpdate m'); need(v, n, 'adamwUpdate v');
    const p = this.ptrs(params, grads, m, v);
    if (!p) return false;
    this.x.adamwUpdate(p[0], p[1], p[2], p[3], n, lr, beta1, beta2, eps, weightDecay, 1 - beta1 ** t, 1 - beta2 ** t, clipScale(normSq, maxNorm));
    return true;
  }
}

/** The reference's checks (src/engine/rl/logprobs.ts), all before the kernel runs: it cannot stop midway. */
function checkLogprobs(seq: Int32Array, rows: (i: number) => boolean, B: number, T: number, S: number, P: number, V: number, temperature: number): void {
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  if (P < 1) throw new RangeError(`logprobs: P must be ≥ 1 (row t reads the logits of position P+t−1), got ${P}`);
  if (P + T > S) throw new RangeError(`logprobs: P + T = ${P + T} exceeds S = ${S}`);
  if (V < 1) throw new RangeError('logprobs: V must be ≥ 1');
  need(seq, B * S, 'logprobs seq');
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const i = b * S + P + t, tok = seq[i];
      if (rows(b * T + t) && !(tok >= 0 && tok < V)) throw new RangeError(`logprobs: token ${tok} at seq[${i}] outside [0, ${V})`);
    }
  }
}

function checkHeads(C: number, NH: number, op: string): void {
  if (!Number.isInteger(NH) || NH < 1 || C % NH !== 0) throw new RangeError(`${op}: C=${C} is not divisible by NH=${NH}`);
}
