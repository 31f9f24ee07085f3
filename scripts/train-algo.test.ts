import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// npm run train -- --algo …: the algorithm from the command line, its TRL-named settings through --set.
function train(...args: string[]) {
  const r = spawnSync('node', ['scripts/run-ts.mjs', 'scripts/train.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run train --algo', () => {
  it('bad algorithms and settings that do not fit the algorithm exit non-zero naming the problem', () => {
    const cases: [string[], RegExp][] = [
      [['--algo', 'grpo2'], /--algo must be one of ppo, grpo, dr_grpo, dapo, rloo, reinforce_pp, dpo, got "grpo2"/],
      [['--algo', 'dpo', '--set', 'loss_type=grpo'], /bad setting: loss_type must be one of "sigmoid", "ipo"/],
      [['--algo', 'grpo', '--set', 'batchSize=12'], /bad setting: num_generations must divide batchSize \(12\)/],
      [['--algo', 'ppo', '--set', 'ptxCoef=-1'], /bad setting: ptxCoef must be in \[0, 100\]/],
    ];
    for (const [args, re] of cases) {
      const r = train(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err, args.join(' ')).toMatch(re);
    }
  });

  it('GRPO (TRL names via --set, beta as an alias) and PPO-ptx print their statistics', () => {
    const grpo = train('--algo', 'grpo', '--preset', 'micro', '--iters', '1', '--set', 'batchSize=8', '--set', 'num_generations=4', '--set', 'beta=0.02', '--set', 'minibatches=2');
    expect(grpo.code, grpo.err).toBe(0);
    const g = JSON.parse(grpo.out.trim().split('\n').at(-1)!);
    expect(g).toHaveProperty('frac_reward_zero_std');
    expect(g).toHaveProperty('clip_ratio/region_mean');
    expect(g).not.toHaveProperty('loss/value_avg');
    const ptx = train('--preset', 'micro', '--iters', '1', '--set', 'batchSize=8', '--set', 'ptxCoef=0.5', '--set', 'ptxBatchSize=4');
    expect(ptx.code, ptx.err).toBe(0);
    const p = JSON.parse(ptx.out.trim().split('\n').at(-1)!);
    expect(p['loss/ptx_avg']).toBeGreaterThan(0);
    expect(p['language/heldout_ce']).toBeGreaterThan(0);
  });
});
