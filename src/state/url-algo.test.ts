import { describe, expect, it } from 'vitest';
import { makePpoConfig } from '../engine/rl/ppo-config';
import { linkFor, parseLink, type LinkSettings } from './url';

// Links carry the algorithm (algo=) and its TRL-named knobs; opening a link gives back the same config.
const settings = (config: ReturnType<typeof makePpoConfig>): LinkSettings => ({
  scenario: 'arithmetic', preset: 'tiny', engine: 'cpu', config, view: 'playground', lang: null, projector: false, colourSafe: false, debug: false,
});

describe('links and the algorithm', () => {
  it('algo=dr_grpo brings Dr. GRPO’s defaults; the link written back stays short and round-trips', () => {
    const { settings: s, problems } = parseLink('?scenario=arithmetic&algo=dr_grpo&seed=4');
    expect(problems).toEqual([]);
    expect(s.config).toMatchObject({ algo: 'dr_grpo', loss_type: 'dr_grpo', scale_rewards: 'none', klCoef: 0, actorLr: 1e-3 });
    const link = linkFor(settings(s.config));
    expect(link).toBe('?scenario=arithmetic&engine=cpu&seed=4&algo=dr_grpo');
    expect(parseLink(link).settings.config).toEqual(s.config);
  });

  it('a knob set back to PPO’s default under another algorithm is kept in the link (β = 0.05 under GRPO)', () => {
    const config = makePpoConfig({ algo: 'grpo', klCoef: 0.05, maxResponseLength: 4, actorLr: 1e-3 });
    const link = linkFor(settings(config));
    expect(link).toContain('klCoef=0.05');
    expect(parseLink(link).settings.config).toEqual(config);
  });

  it('TRL’s names are read as aliases (beta, epsilon, num_iterations, rloo_k)', () => {
    const { settings: s, problems } = parseLink('?scenario=arithmetic&algo=rloo&beta=0.2&epsilon=0.1&num_iterations=2&rloo_k=2');
    expect(problems).toEqual([]);
    expect(s.config).toMatchObject({ klCoef: 0.2, clipEps: 0.1, epochs: 2, num_generations: 2 });
  });

  it('bad algorithm values are reported and replaced by the default', () => {
    const { settings: s, problems } = parseLink('?algo=ppo2&ptxCoef=-1');
    expect(s.config.algo).toBe('ppo');
    expect(s.config.ptxCoef).toBe(0);
    expect(problems.join('\n')).toMatch(/algo must be one of "ppo", "grpo"/);
    expect(problems.join('\n')).toMatch(/ptxCoef must be in \[0, 100\], got -1/);
  });
});
