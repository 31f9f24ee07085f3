// "Same maths" check for bench/tfjs-ppo.ts: one PPO iteration of our CPU engine (PpoTrainer,
// defaults B=64 T=12 K=4 M=2, reviews scenario) and of TfPpo on a TF.js backend, from the same
// weights and on the same sampled answers: our rollout's tokens are fed to TF.js, which then does
// feedback and learning itself (same shuffles: same Rng stream). The reference model is the SFT
// model plus N(0, 0.02²) noise, so that KL and the KL part of the rewards are not identically 0.
// Compared, with e = max|Δ| / max(1, max|ours|) over the tensor:
//   mask (exact); the KV-cache decoder's log-probs under teacher forcing = our feedback log-probs;
//   log-probs, reference log-probs, values, scores, KL, rewards; advantages, returns, whitened
//   advantages (all e ≤ TOL = 1e-4); the first minibatch's policy and value losses
//   (|Δ| ≤ 1e-4·max(1, |loss|)). Printed but not gated: the losses of the 7 later minibatches (the
//   models have moved by then: float32 rounding compounds through AdamW) and the actor and critic
//   parameters after the iteration (in units of each model's learning rate).
// Run: node scripts/run-ts.mjs bench/tfjs-ppo-parity.ts [cpu,wasm,webgpu] [micro|tiny]
// (default cpu,wasm tiny); exit 1 on failure.
import './node-gpu';
import { tfWebgpuDevice, useTfBackend, type TfBackendName } from './tfjs-backends';
import { TfPpo, runWeights, type PpoWeightSet } from './tfjs-ppo';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { getScenario } from '../src/engine/data/scenarios';
import type { ModelConfig, PresetName } from '../src/engine/model/config';
import { Gpt } from '../src/engine/model/gpt';
import { paramLayout } from '../src/engine/model/params';
import { PpoTrainer } from '../src/engine/rl/ppo';
import { makePpoConfig, type PpoConfig } from '../src/engine/rl/ppo-config';
import type { FeedbackView, LearningView, RolloutView } from '../src/engine/rl/ppo-stats';
import { Rng } from '../src/engine/tensor/rng';
import { STREAM } from '../src/engine/tensor/streams';

export const TOL = 1e-4;
const REF_NOISE = 0.02;

interface OursIteration {
  config: PpoConfig;
  weights: PpoWeightSet;
  modelConfig: ModelConfig;
  source: string;
  rollout: RolloutView;
  feedback: FeedbackView;
  learning: LearningView;
  actorAfter: Float32Array;
  criticAfter: Float32Array;
}

const scenario = getScenario('reviews');

/** One iteration of our CPU engine; everything the comparison needs. */
export async function oursIteration(preset: PresetName): Promise<OursIteration> {
  const w = await runWeights(scenario, preset);
  const config = makePpoConfig({ maxResponseLength: scenario.maxResponseLength });
  const reference = w.sft.slice();
  const rng = new Rng(7, STREAM.test);
  for (let i = 0; i < reference.length; i++) reference[i] += REF_NOISE * rng.normal();
  const weights: PpoWeightSet = { actor: w.sft, reference, critic: w.reward, reward: w.reward };
  const be = new CpuBackend();
  const model = (head: 'lm' | 'value' | 'reward', flat: Float32Array) => {
    const g = new Gpt(be, w.config, head);
    g.setParams(flat);
    return g;
  };
  const trainer = new PpoTrainer({ actor: model('lm', weights.actor), reference: model('lm', reference), critic: model('value', weights.critic), reward: model('reward', weights.reward) }, scenario, config);
  const rollout = await trainer.sample();
  const feedback = await trainer.feedback();
  const learning = await trainer.learn();
  const actorAfter = await trainer.models.actor.getParams();
  const criticAfter = await trainer.models.critic.getParams();
  trainer.release();
  return { config, weights, modelConfig: w.config, source: w.source, rollout, feedback, learning, actorAfter, criticAfter };
}

const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(b).reduce((m, v, i) => Math.max(m, Math.abs(a[i] - v)), 0);

/** Compares TfPpo on the active TF.js backend with `ours`; prints one line per figure; returns whether all gated figures hold. */
export async function compareWithOurs(label: string, ours: OursIteration, log: (s: string) => void = console.log): Promise<boolean> {
  const { rollout, feedback: f, learning: l } = ours;
  const tp = new TfPpo(ours.modelConfig, ours.weights, scenario, ours.config);
  let ok = true;
  const gate = (name: string, got: ArrayLike<number>, want: ArrayLike<number>, note = '') => {
    const d = maxDiff(got, want), scale = Math.max(1, maxAbs(want)), e = d / scale;
    const pass = e <= TOL;
    ok &&= pass;
    log(`ppo-parity ${label} ${name}: max|Δ| ${d.toExponential(2)}, e ${e.toExponential(2)} (max|ours| ${maxAbs(want).toPrecision(3)}; tol ${TOL})${note} ${pass ? 'ok' : 'FAIL'}`);
  };
  try {
    const decoded = await tp.forcedLogprobs(rollout.tokens);
    gate('KV-cache decoder log-probs (teacher forcing) vs our feedback log-probs', decoded, f.logprobs);
    const r = tp.rolloutOf(rollout.tokens);
    const maskSame = r.mask.every((m, i) => m === rollout.mask[i]) && r.lastT.every((t, i) => t === rollout.lastT[i]);
    ok &&= maskSame;
    log(`ppo-parity ${label} mask, last real token: ${maskSame ? 'identical ok' : 'DIFFER FAIL'} (${r.mask.reduce((a, b) => a + b, 0)} real tokens of ${r.mask.length}, ${r.hasEos.reduce((a, b) => a + b, 0)}/${r.hasEos.length} answers with EOS)`);
    const tf = await tp.feedback(r);
    gate('log-probs', tf.logprobs, f.logprobs);
    gate('reference log-probs', tf.refLogprobs, f.refLogprobs);
    gate('KL (k1)', tf.kl, f.kl, ` [mean KL per real token ${(f.kl.reduce((a, b) => a + b, 0) / r.mask.reduce((a, b) => a + b, 0)).toFixed(4)}]`);
    gate('values', tf.values, f.values);
    gate('scores', tf.scores, f.scores);
    gate('rewards', tf.rewards, f.rewards);
    const tl = await tp.learn();
    gate('advantages', tl.advantages, l.advantages);
    gate('returns', tl.returns, l.returns);
    gate('whitened advantages', tl.advantagesWhite, l.advantagesWhite);
    for (const [name, got, want] of [['policy loss', tl.policyLoss, l.minibatches.map((m) => m.policyLoss)], ['value loss', tl.valueLoss, l.minibatches.map((m) => m.valueLoss)]] as const) {
      const d0 = Math.abs(got[0] - want[0]), pass = d0 <= TOL * Math.max(1, Math.abs(want[0]));
      ok &&= pass;
      log(`ppo-parity ${label} first minibatch ${name}: ${got[0].toExponential(6)} vs ours ${want[0].toExponential(6)}, |Δ| ${d0.toExponential(2)} (tol ${TOL}·max(1,|loss|)) ${pass ? 'ok' : 'FAIL'}`);
      const rel = got.slice(1).map((g, i) => Math.abs(g - want[i + 1]) / Math.max(1e-3, Math.abs(want[i + 1])));
      log(`ppo-parity ${label} minibatches 2–${got.length} ${name} (not gated): worst |Δ|/|loss| ${Math.max(...rel).toExponential(2)}; ours ${want.map((x) => x.toFixed(5)).join(' ')}`);
    }
    const after = async (m: typeof tp.actor, head: 'lm' | 'value', flat: Float32Array) => {
      const lr = head === 'lm' ? ours.config.actorLr : ours.config.criticLr;
      const layout = paramLayout(ours.modelConfig, head);
      let worst = 0, over = 0, n = 0;
      for (const [name, data] of await m.namedParams()) {
        const off = layout.get(name).offset;
        for (let i = 0; i < data.length; i++, n++) {
          const d = Math.abs(data[i] - flat[off + i]);
          worst = Math.max(worst, d);
          if (d > 0.1 * lr) over++;
        }
      }
      return `max|Δp| ${worst.toExponential(2)} = ${(worst / lr).toFixed(2)}·lr, ${over} of ${n} entries differ by > 0.1·lr`;
    };
    log(`ppo-parity ${label} after the iteration (not gated): actor ${await after(tp.actor, 'lm', ours.actorAfter)}; critic ${await after(tp.critic, 'value', ours.criticAfter)}`);
  } catch (e) {
    log(`ppo-parity ${label}: FAILED TO RUN — ${String((e as Error)?.message ?? e).split('\n')[0]}`);
    ok = false;
  } finally {
    tp.dispose();
  }
  log(`ppo-parity ${label}: ${ok ? 'PASS' : 'FAIL'}`);
  return ok;
}

/** Our iteration, then each TF.js backend against it. */
export async function ppoParity(backends: TfBackendName[], preset: PresetName, log: (s: string) => void = console.log): Promise<boolean> {
  const ours = await oursIteration(preset);
  log(`ppo-parity reference: our CPU engine, ${preset} preset (${ours.source}), B=${ours.config.batchSize} T=${ours.config.maxResponseLength} K=${ours.config.epochs} M=${ours.config.minibatches}, β=${ours.config.klCoef}, reference = SFT + N(0, ${REF_NOISE}²)`);
  let ok = true;
  for (const b of backends) {
    const r = await useTfBackend(b);
    if (!r.ok) {
      log(`ppo-parity tfjs-${b}: NOT RUN — ${r.reason}`);
      ok = false;
      continue;
    }
    ok = (await compareWithOurs(`tfjs-${b} vs ours-cpu`, ours, log)) && ok;
  }
  return ok;
}

if (process.argv[1]?.endsWith('tfjs-ppo-parity.ts')) {
  const ok = await ppoParity((process.argv[2] ?? 'cpu,wasm').split(',') as TfBackendName[], (process.argv[3] ?? 'tiny') as PresetName);
  tfWebgpuDevice()?.destroy();
  process.exit(ok ? 0 : 1);
}
