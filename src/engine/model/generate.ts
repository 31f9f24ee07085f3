import { Layout } from '../tensor/layout';
import type { Backend, DrawSettings } from './backend';
import type { Gpt } from './gpt';

/**
 * Incremental decoding with a KV cache (the actor writing answers). Each step runs the model on
 * one position per row: the prompt positions fill the cache (prefill, one token at a time: prompts
 * are a handful of tokens), later positions also compute logits and draw the next token into
 * `seq` on the device. The whole rollout is recorded without any read-back; the caller reads
 * `seq` once at the end of the phase.
 */
export class Generator<F, I> {
  private readonly be: Backend<F, I>;
  private readonly v = new Map<string, F>();
  private readonly kcache: F[] = [];
  private readonly vcache: F[] = [];

  constructor(
    readonly model: Gpt<F, I>,
    /** Rows decoded together. */
    readonly B: number,
  ) {
    if (model.head !== 'lm') throw new Error(`only a language-model head can generate (this model has a "${model.head}" head)`);
    this.be = model.backend;
    const { channels: C, layers: L, maxSeqLen, vocabSize: V } = model.config;
    const l = new Layout();
    for (const [name, n] of [['x', C], ['ln', C], ['mean', 1], ['rstd', 1], ['qkv', 3 * C], ['atty', C], ['proj', C], ['res2', C], ['fch', 4 * C], ['fch_gelu', 4 * C], ['fcproj', C], ['res3', C], ['logits', V]] as const) {
      l.add(name, [B, n]);
    }
    // One tensor per activation: a dispatch may not read and write the same GPU buffer.
    for (const e of l.entries()) this.v.set(e.name, this.be.floats(e.length, `decode.${e.name}`));
    for (let i = 0; i < L; i++) {
      this.kcache.push(this.be.floats(B * maxSeqLen * C, `kcache${i}`)); // (B, NH, maxS, hs)
      this.vcache.push(this.be.floats(B * maxSeqLen * C, `vcache${i}`));
    }
  }

  /** Bytes held by the decoding activations and the KV cache. */
  memoryBytes(): number {
    const { channels: C, layers: L, maxSeqLen } = this.model.config;
    return this.B * (2 * L * maxSeqLen * C + 32 * C) * 4;
  }

  /**
   * Records the decoding of seq (B,S): positions < P hold the prompt; positions P..S−1 are drawn.
   * After EOS a row gets PAD. `onLogits` (tests) sees each step's logits before the draw.
   */
  record(seq: I, S: number, P: number, draw: DrawSettings, onLogits?: (pos: number, logits: F) => void): void {
    const { be, B } = this;
    const { channels: C, heads: NH, vocabSize: V, maxSeqLen } = this.model.config;
    if (S > maxSeqLen) throw new RangeError(`sequence length ${S} exceeds the model's maxSeqLen ${maxSeqLen}`);
    if (P < 1 || P >= S) throw new RangeError(`prompt length ${P} must be in [1, ${S - 1}]`);
    const a = (n: string) => this.v.get(n)!;
    const p = (n: string) => this.model.param(n);
    const L = this.model.config.layers;
    // The layernorm that reads the residual stream next: layer l's ln1, or lnf after the last layer.
    const ln = (l: number) => (l < L ? `h${l}.ln1` : 'lnf');
    for (let pos = 0; pos < S - 1; pos++) {
      be.decodeEmbed(a('x'), seq, p('wte'), p('wpe'), B, S, C, V, pos);
      be.layernormForward(a('ln'), a('mean'), a('rstd'), a('x'), p(ln(0) + '.w'), p(ln(0) + '.b'), B, C);
      let residual = a('x');
      // As Gpt.forward, with each residual add fused with the layernorm after it and the MLP's
      // first matmul with its GELU. Buffers: res3 is read (as `residual`) before the layer
      // overwrites it, res2 = res3 + proj being computed first.
      for (let l = 0; l < L; l++) {
        const h = `h${l}.`;
        be.matmulForward(a('qkv'), a('ln'), p(h + 'attn.qkv.w'), p(h + 'attn.qkv.b'), B, C, 3 * C);
        be.attentionDecode(a('atty'), this.kcache[l], this.vcache[l], a('qkv'), B, C, NH, maxSeqLen, pos);
        be.matmulForward(a('proj'), a('atty'), p(h + 'attn.proj.w'), p(h + 'attn.proj.b'), B, C, C);
        be.residualLayernormForward(a('res2'), a('ln'), a('mean'), a('rstd'), residual, a('proj'), p(h + 'ln2.w'), p(h + 'ln2.b'), B, C);
        be.matmulGeluForward(a('fch'), a('fch_gelu'), a('ln'), p(h + 'mlp.fc.w'), p(h + 'mlp.fc.b'), B, C, 4 * C);
        be.matmulForward(a('fcproj'), a('fch_gelu'), p(h + 'mlp.proj.w'), p(h + 'mlp.proj.b'), B, 4 * C, C);
        be.residualLayernormForward(a('res3'), a('ln'), a('mean'), a('rstd'), a('res2'), a('fcproj'), p(ln(l + 1) + '.w'), p(ln(l + 1) + '.b'), B, C);
        residual = a('res3');
      }
      if (pos + 1 < P) continue; // prefill: the next token is part of the prompt (a('ln') holds lnf's output, unused)
      be.matmulForward(a('logits'), a('ln'), p('wte'), null, B, C, V);
      onLogits?.(pos, a('logits')); // for tests: the (B, V) logits predicting position pos+1
      be.sampleNext(seq, a('logits'), B, S, V, pos, P, draw);
    }
  }

  release(): void {
    for (const t of [...this.v.values(), ...this.kcache, ...this.vcache]) this.be.release(t);
  }
}
