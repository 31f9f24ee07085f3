import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../src/engine/onnx/onnx-proto';
import { createOrtSession, int64Tensor } from '../src/engine/onnx/ort-session';
import { parseTrainArgs, UsageError } from './train-args';

// The headless runner's argument checking: every refusal names the problem (in-process, through
// parseTrainArgs); as a process, bad input exits 2 promptly — a timeout turns a hang into a
// failure (status null, signal SIGKILL) instead of a test that waits forever.
function train(...args: string[]) {
  const r = spawnSync('node', ['scripts/run-ts.mjs', 'scripts/train.ts', ...args], { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
  return { code: r.status, signal: r.signal, err: r.stderr };
}

describe('npm run train: refusing bad arguments', () => {
  it('unknown scenario, setting, backend or bad values are refused naming the problem', () => {
    const cases: [string[], RegExp][] = [
      [['--scenario', 'nope'], /^unknown scenario "nope"; valid ids: reviews, reward-hacking, arithmetic/],
      [['--set', 'betaa=1'], /^bad setting: betaa is not a PPO setting/],
      [['--set', 'constructor=1'], /^bad setting: constructor is not a PPO setting/],
      [['--set', '__proto__=1'], /^bad setting: __proto__ is not a PPO setting/],
      [['--set', 'hasOwnProperty=1'], /^bad setting: hasOwnProperty is not a PPO setting/],
      [['--set', 'clipEps=-1'], /^bad setting: clipEps must be ≥ 0/],
      [['--set', 'clipEps'], /^--set expects key=value/],
      [['--set', 'clipEps=0x10'], /^bad setting: clipEps must be a plain decimal number such as 0\.001 or 3e-4, got "0x10"/],
      [['--set', 'actorLr=1e-400'], /^bad setting: actorLr is too small to represent \(it would become 0\)/],
      [['--set', 'actorLr='], /^bad setting: actorLr is empty/],
      [['--set', 'adaptiveKl=yes'], /^bad setting: adaptiveKl must be true or false, got "yes"/],
      [['--set', 'klCoef=0.1', '--set', 'klCoef=0.2'], /^--set klCoef is given twice/],
      [['--set', 'seed=3'], /^--set seed=… : use --seed/],
      [['--set', 'temperature=1e-300'], /^bad setting: temperature must be ≥ 0\.05/],
      [['--backend', 'tpu'], /^--backend must be cpu or gpu/],
      [['--iters', '0'], /^--iters must be a whole number from 1 to 10000000, got "0"/],
      [['--iters', '0x1'], /^--iters must be a plain decimal number/],
      [['--iters', '99999999999'], /^--iters must be a whole number from 1 to 10000000, got "99999999999"/],
      [['--iters', '2.5'], /^--iters must be a whole number/],
      [['--seed=-1'], /^--seed must be a whole number from 0 to 4294967295/],
      [['--seed', ' 1'], /^--seed must be a plain decimal number/],
      [['--preset', 'huge'], /^--preset must be one of micro, tiny, small/],
      [['--preset', 'constructor'], /^--preset must be one of micro, tiny, small, got "constructor"/],
      [['--bogus'], /Unknown option '--bogus'/],
      [['--export-onnx', ''], /^--export-onnx expects a directory/],
    ];
    for (const [args, re] of cases) {
      let message = '';
      try {
        parseTrainArgs(args);
      } catch (e) {
        expect(e, args.join(' ')).toBeInstanceOf(UsageError);
        message = (e as Error).message;
      }
      expect(message, args.join(' ')).toMatch(re);
    }
    expect(parseTrainArgs(['--iters', '3', '--set', 'klCoef=0.2', '--set', 'adaptiveKl=true']).config).toMatchObject({ totalIterations: 3, klCoef: 0.2, adaptiveKl: true });
  });

  it('as a process: exit 2 with the message, at once — also where Node 20\'s recursive mkdir spins forever (/proc/foo)', () => {
    const cases: [string[], RegExp][] = [
      [['--iters', '0x1'], /^train: --iters must be a plain decimal number/],
      [['--models', '/nonexistent'], /^train: no checkpoint .*sft\.ckpt \(run npm run pretrain-models\)/],
      [['--export-onnx', '/proc/foo'], /^train: --export-onnx: cannot create \/proc\/foo: ENOENT/],
      [['--export-onnx', 'package.json/out'], /^train: --export-onnx: cannot create package\.json\/out: .*package\.json is not a directory/],
    ];
    for (const [args, re] of cases) {
      const r = train(...args);
      expect(r.signal, `${args.join(' ')} hung`).toBeNull();
      expect(r.code, args.join(' ')).toBe(2);
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
