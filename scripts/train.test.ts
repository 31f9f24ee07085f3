import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The headless runner's argument checking: bad input exits non-zero with a clear message.
function train(...args: string[]) {
  const r = spawnSync('node', ['scripts/run-ts.mjs', 'scripts/train.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, err: r.stderr };
}

describe('npm run train: refusing bad arguments', () => {
  it('unknown scenario, setting, backend or bad values exit non-zero naming the problem', () => {
    const cases: [string[], RegExp][] = [
      [['--scenario', 'nope'], /unknown scenario "nope"; valid ids: reviews, reward-hacking, arithmetic/],
      [['--set', 'betaa=1'], /betaa is not a PPO setting/],
      [['--set', 'clipEps=-1'], /clipEps must be ≥ 0/],
      [['--set', 'clipEps'], /--set expects key=value/],
      [['--backend', 'tpu'], /--backend must be cpu or gpu/],
      [['--iters', '0'], /--iters must be a positive integer/],
      [['--preset', 'huge'], /--preset must be one of micro, tiny, small/],
      [['--bogus'], /Unknown option '--bogus'/],
      [['--models', '/nonexistent'], /no checkpoint .*sft\.ckpt \(run npm run pretrain\)/],
    ];
    for (const [args, re] of cases) {
      const r = train(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err, args.join(' ')).toMatch(re);
    }
  });
});
