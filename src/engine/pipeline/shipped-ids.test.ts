import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../data/scenarios';
import { shippedPath, shippedPresets } from './shipped';
import { SHIPPED_IDS, shippedId } from './shipped-ids';

// The ids replay links carry (state/replay-link.ts) must name the files that ship: after a retrain,
// `node scripts/shipped-ids.mjs` writes them anew, and this test fails until it has.
describe('shipped model ids', () => {
  it('one id per shipped scenario/preset, the SHA-256 of its sft.ckpt then reward.ckpt', () => {
    const expected: Record<string, string> = {};
    for (const s of SCENARIOS) {
      for (const preset of shippedPresets(s.id)) {
        const h = createHash('sha256').update(readFileSync(`public/${shippedPath(s.id, preset, 'sft.ckpt')}`));
        const reward = `public/${shippedPath(s.id, preset, 'reward.ckpt')}`;
        expect(existsSync(reward), reward).toBe(s.hasRewardModel);
        if (s.hasRewardModel) h.update(readFileSync(reward));
        expected[`${s.id}/${preset}`] = h.digest('hex').slice(0, 8);
      }
    }
    expect(SHIPPED_IDS, 'out of date: run node scripts/shipped-ids.mjs').toEqual(expected);
  });

  it('no id where nothing is shipped; own keys only', () => {
    expect(shippedId('reviews', 'tiny')).toMatch(/^[0-9a-f]{8}$/);
    expect(shippedId('arithmetic', 'small')).toBeNull();
    expect(shippedId('constructor', '')).toBeNull();
    expect(shippedId('toString', 'x')).toBeNull();
  });
});
