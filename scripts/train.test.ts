import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../src/engine/onnx/onnx-proto';
import { createOrtSession, int64Tensor } from '../src/engine/onnx/ort-session';

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
      [['--export-onnx', ''], /--export-onnx expects a directory/],
      [['--export-onnx', 'package.json/out'], /--export-onnx: cannot create package\.json\/out/],
    ];
    for (const [args, re] of cases) {
      const r = train(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err, args.join(' ')).toMatch(re);
    }
  });
});

describe('npm run train --export-onnx', () => {
  it('writes the four models after the run; onnxruntime runs them; the actor moved, the reference did not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-onnx-'));
    try {
      const r = spawnSync('node', ['scripts/run-ts.mjs', 'scripts/train.ts', '--scenario', 'reviews', '--preset', 'micro', '--iters', '1',
        '--set', 'batchSize=8', '--set', 'minibatches=2', '--export-onnx', dir], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const prefix = 'rlhf-reviews-micro-';
      expect(readdirSync(dir).sort()).toEqual(['actor', 'critic', 'reference', 'reward'].map((m) => `${prefix}${m}-iter1.onnx`));
      const ids = [2, 3, 4, 5, 6, 7, 8, 9];
      const outputs: Record<string, Float32Array> = {};
      for (const role of ['actor', 'critic', 'reward', 'reference']) {
        const bytes = new Uint8Array(readFileSync(join(dir, `${prefix}${role}-iter1.onnx`)));
        expect(decodeModel(bytes).producerVersion).toBe(`reviews/micro ${role} after 1 PPO iterations`);
        const session = await createOrtSession(bytes);
        const out = await session.run({ input_ids: int64Tensor(ids, [1, ids.length]), attention_mask: int64Tensor(ids.map(() => 1), [1, ids.length]) });
        await session.release();
        outputs[role] = Object.values(out)[0].data as Float32Array;
        expect(outputs[role].every(Number.isFinite), role).toBe(true);
      }
      expect(outputs.reward.length).toBe(1);
      expect(outputs.critic.length).toBe(ids.length);
      expect(outputs.actor.some((x, i) => x !== outputs.reference[i]), 'one PPO update changed the actor').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
