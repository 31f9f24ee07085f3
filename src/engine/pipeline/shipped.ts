import type { Scenario } from '../data/scenario';
import { loadCheckpoint, type Checkpoint } from '../model/checkpoint';
import type { PresetName } from '../model/config';

/**
 * The model sizes shipped per scenario (and what `npm run pretrain-models` writes by default):
 * micro and tiny everywhere; small (0.8M parameters, 3.2 MB per model, for real GPUs) for the
 * default scenario only. Any other size trains its stage models in the page when chosen.
 */
export function shippedPresets(scenarioId: string): PresetName[] {
  return scenarioId === 'reviews' ? ['micro', 'tiny', 'small'] : ['micro', 'tiny'];
}

/** Where `npm run pretrain-models` writes, relative to the site root (public/ in the repo). */
export function shippedPath(scenario: string, preset: PresetName, file: 'sft.ckpt' | 'reward.ckpt' | 'manifest.json'): string {
  return `models/${scenario}/${preset}/${file}`;
}

export interface ShippedModels {
  sft: Checkpoint;
  reward: Checkpoint | null;
  manifest: Record<string, unknown>;
}

/** Loads a scenario's shipped checkpoints through `fetchBytes` (fetch in the page, fs in Node). */
export async function loadShipped(scenario: Scenario, preset: PresetName, fetchBytes: (path: string) => Promise<Uint8Array>): Promise<ShippedModels> {
  const vocabSize = scenario.tokenizer.size;
  const sft = loadCheckpoint(await fetchBytes(shippedPath(scenario.id, preset, 'sft.ckpt')), { head: 'lm', vocabSize });
  const reward = scenario.hasRewardModel ? loadCheckpoint(await fetchBytes(shippedPath(scenario.id, preset, 'reward.ckpt')), { head: 'reward', vocabSize }) : null;
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes(shippedPath(scenario.id, preset, 'manifest.json'))));
  return { sft, reward, manifest };
}
