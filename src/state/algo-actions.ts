import type { PreferencePair } from '../engine/data/scenario';
import { usesGroups, type Algo } from '../engine/rl/algo-config';
import { ConfigError, makePpoConfig, type PpoConfig } from '../engine/rl/ppo-config';
import { engine } from './client';
import { resetRequested, urlSynced } from './engine-actions';
import { useRunStore } from './run-store';
import { defaultsFor } from './url';
import { useLabelerStore } from './stage-actions';
import { asEngineError } from './worker-client';

const get = useRunStore.getState;
const set = useRunStore.setState;

/**
 * `config` with another algorithm: settings still at the old algorithm's defaults move to the new
 * one's (as a scenario switch does), and a setting the new algorithm cannot take (a loss type of
 * the other family, a group size that does not divide the batch) becomes the new one's default.
 */
export function configForAlgorithm(scenario: string, config: PpoConfig, algo: Algo): PpoConfig {
  const was = defaultsFor(scenario, config.algo), now = defaultsFor(scenario, algo);
  const next: Record<string, unknown> = { ...config, algo };
  for (const k of Object.keys(now) as (keyof PpoConfig)[]) if (k !== 'seed' && k !== 'algo' && config[k] === was[k]) next[k] = now[k];
  // G must divide the batch: the largest divisor of B not above the algorithm's G (≥ 2; B itself if nothing smaller fits).
  const B = Number(next.batchSize), G = Number(next.num_generations);
  if (usesGroups(algo) && B % G !== 0) next.num_generations = Array.from({ length: B }, (_, i) => B - i).find((d) => d <= Math.max(2, G) && d >= 2 && B % d === 0) ?? B;
  for (let tries = 0; tries < 8; tries++) {
    try {
      return makePpoConfig(next);
    } catch (e) {
      if (!(e instanceof ConfigError) || !(e.field in now)) throw e;
      next[e.field] = now[e.field as keyof PpoConfig];
    }
  }
  return makePpoConfig({ ...now, seed: config.seed });
}

/** The algorithm switch: a fresh run (iteration 0, same SFT and reward models) with the chosen algorithm. */
export async function algorithmChosen(algo: Algo): Promise<void> {
  const s = get();
  if (s.busy || s.running || s.status !== 'ready') return;
  const base = s.pendingConfig ?? s.config;
  if (base.algo === algo) return;
  set({ pendingConfig: configForAlgorithm(s.scenario, base, algo) });
  urlSynced();
  await resetRequested();
}

/** DPO's data from the class's labelled pairs: sends them to the engine and switches dpo_pairs to 'class'. */
export async function classPairsUsed(pairs: PreferencePair[]): Promise<number | null> {
  const s = get();
  if (s.busy || s.status !== 'ready') return null;
  set({ busy: 'class-pairs', error: null });
  try {
    const { count } = await engine().call('setClassPairs', { pairs });
    set({ busy: null });
    const base = get().pendingConfig ?? get().config;
    if (base.dpo_pairs !== 'class') {
      const next = makePpoConfig({ ...base, dpo_pairs: 'class' });
      set({ pendingConfig: JSON.stringify(next) === JSON.stringify(get().config) ? null : next });
      urlSynced();
    }
    return count;
  } catch (e) {
    const err = asEngineError(e);
    set({ busy: null, error: { kind: err.kind, message: err.message } });
    return null;
  }
}

/**
 * While DPO learns from the class's labels (dpo_pairs = 'class'), every newly labelled pair goes to
 * the engine too, so a lesson can label and run without a separate "use these pairs" step.
 */
export function classPairsFollowed(): () => void {
  return useLabelerStore.subscribe((s, prev) => {
    const c = get().pendingConfig ?? get().config;
    if (s.labelled === prev.labelled || c.algo !== 'dpo' || c.dpo_pairs !== 'class' || get().status !== 'ready') return;
    // The worker answers in order, so the last list sent is the one DPO uses.
    engine().call('setClassPairs', { pairs: s.labelled }).catch((e) => {
      const err = asEngineError(e);
      set({ error: { kind: err.kind, message: err.message } });
    });
  });
}
