import { describe, expect, it } from 'vitest';
import { makePpoConfig } from '../../engine/rl/ppo-config';
import { defaultsFor } from '../url';
import { defaultRunName, distinctLabels, forkName } from './naming';

describe('run names', () => {
  const base = makePpoConfig({ ...defaultsFor('reviews'), seed: 7, batchSize: 16 });
  it('name a run by what sets it apart from the defaults, and a fork by what it changed', () => {
    expect(defaultRunName('reviews', 'micro', base)).toBe('reviews · micro · seed 7 · batchSize=16');
    expect(forkName('reviews · micro · seed 7 · batchSize=16', base, { ...base, klCoef: 0 })).toBe('reviews · micro · seed 7 · batchSize=16 · ↳ klCoef=0');
    expect(forkName('x', base, base)).toBe('x · ↳ copy');
  });

  it('labels runs shown together by their differences', () => {
    expect(distinctLabels(['reviews · micro · seed 7 · batchSize=16', 'reviews · micro · seed 7 · batchSize=16 · ↳ klCoef=0'])).toEqual(['batchSize=16', '↳ klCoef=0']);
    expect(distinctLabels(['reviews · tiny · seed 1', 'reviews · tiny · seed 2'])).toEqual(['seed 1', 'seed 2']);
    expect(distinctLabels(['my run'])).toEqual(['my run']);
  });
});
