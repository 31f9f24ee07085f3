import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../data/scenarios';
import { presetConfig } from '../model/config';
import { loadShipped, shippedPath, shippedPresets } from './shipped';

// Every size shippedPresets() promises is in public/models and loads as that size; the default
// scenario ships `small` too (issue #15), trained by `npm run pretrain-models` like the others
// (its byte-for-byte reproduction is shipped.test.ts's, on micro: the same code path).
describe('shipped model sizes', () => {
  for (const scenario of SCENARIOS) {
    for (const preset of shippedPresets(scenario.id)) {
      it(`${scenario.id}/${preset}: checkpoints load with the preset's sizes and the manifest has the metrics`, async () => {
        const s = await loadShipped(scenario, preset, async (p) => new Uint8Array(readFileSync(join('public', p))));
        const want = presetConfig(preset, scenario.tokenizer.size);
        for (const k of ['channels', 'layers', 'heads', 'vocabSize'] as const) expect(s.sft.config[k], k).toBe(want[k]);
        expect(s.reward === null).toBe(!scenario.hasRewardModel);
        expect(s.manifest.preset).toBe(preset);
        expect(Number.isFinite(s.manifest.sftLoss as number)).toBe(true);
        if (scenario.hasRewardModel) expect(s.manifest.rmHeldOutAccuracy as number).toBeGreaterThan(0.5);
      });
    }
  }
  it('the default scenario ships small; the others do not (they train it in the page when chosen)', () => {
    expect(shippedPresets('reviews')).toContain('small');
    expect(existsSync(join('public', shippedPath('reviews', 'small', 'sft.ckpt')))).toBe(true);
    for (const sc of SCENARIOS.filter((x) => x.id !== 'reviews')) expect(shippedPresets(sc.id)).not.toContain('small');
  });
});
