import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trlInputFromFile } from '../src/engine/export-trl/run-input';
import { makePpoConfig } from '../src/engine/rl/ppo-config';
import { statsJson } from '../src/state/export';
import { TRL_DOC, updatedTrlDoc } from './export-trl-files';

function exportTrl(...args: string[]) {
  const r = spawnSync('node', ['scripts/run-ts.mjs', 'scripts/export-trl.ts', ...args], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
  return { code: r.status, err: r.stderr };
}

describe('npm run export-trl (issue #16)', () => {
  it('docs/trl-export.md holds the mapping table mapping.ts gives now (npm run export-trl -- --update-docs)', () => {
    const doc = readFileSync(TRL_DOC, 'utf8');
    expect(updatedTrlDoc(doc)).toBe(doc);
    expect(doc).toContain('| `klCoef` | `kl_coef` = β');
  });

  it('a stats file exported by the page becomes a TRL folder; a bad file exits 2 naming the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-trl-cli-'));
    const config = makePpoConfig({ algo: 'grpo', batchSize: 16, seed: 5 });
    writeFileSync(join(dir, 'stats.json'), statsJson({ scenario: 'arithmetic', preset: 'micro', engine: 'cpu', config, link: '?x=1' }, [{ iteration: 0, 'objective/accuracy': 0.5 }]));
    const ok = exportTrl('--run', join(dir, 'stats.json'), '--out', join(dir, 'out'));
    expect(ok.err).toMatch(/wrote 8 files into/);
    expect(ok.code).toBe(0);
    for (const f of ['train.py', 'train.ipynb', 'README.md', 'data/prompts.jsonl', 'data/sft.jsonl', 'data/preferences.jsonl', 'data/class_preferences.jsonl', 'data/gold_reward.py']) expect(existsSync(join(dir, 'out', f)), f).toBe(true);
    const script = readFileSync(join(dir, 'out', 'train.py'), 'utf8');
    expect(script).toContain('from trl import GRPOConfig, GRPOTrainer');
    expect(script).toContain('seed=5,');
    expect(script).toContain('"objective/accuracy":0.5');

    writeFileSync(join(dir, 'bad.json'), '{"format":"rlhf-playground-stats","scenario":"reviews","config":{"clipEps":-1},"history":[]}');
    const bad = exportTrl('--run', join(dir, 'bad.json'), '--out', join(dir, 'bad'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/its settings are not valid: clipEps must be ≥ 0/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
    expect(exportTrl().err).toMatch(/--run <file> is required/);
  });

  it('reads a run file of the run library (its last settings and its history)', () => {
    const config = makePpoConfig({ algo: 'dpo', batchSize: 8 });
    const runFile = { format: 'rlhf-playground-run', meta: { scenario: 'reviews', changes: [{ at: 0, config: makePpoConfig({}) }, { at: 3, config }] }, history: { keys: ['iteration', 'rewards/accuracies'], rows: [[0, 0.5], [1, 0.75]] } };
    const input = trlInputFromFile(JSON.stringify(runFile));
    expect(input.config.algo).toBe('dpo');
    expect(input.history.at(-1)).toEqual({ iteration: 1, 'rewards/accuracies': 0.75 });
    expect(() => trlInputFromFile('{"format":"nope"}')).toThrow(/not a file exported by the playground/);
    expect(() => trlInputFromFile('{')).toThrow(/not JSON/);
    expect(() => trlInputFromFile('{"format":"rlhf-playground-stats","scenario":"zzz","config":{},"history":[]}')).toThrow(/unknown scenario "zzz"/);
  });

  it('npm run train -- --export-trl <dir> writes the headless run as a TRL folder with its statistics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-trl-'));
    const r = spawnSync('node', ['scripts/run-ts.mjs', 'scripts/train.ts', '--scenario', 'arithmetic', '--preset', 'micro', '--iters', '1', '--algo', 'grpo', '--set', 'batchSize=16', '--set', 'num_generations=4', '--export-trl', join(dir, 'trl')], { encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' });
    expect(r.stderr).toMatch(/wrote 8 files into/);
    expect(r.status).toBe(0);
    const script = readFileSync(join(dir, 'trl', 'train.py'), 'utf8');
    expect(script).toContain('num_generations=4,');
    expect(script).toMatch(/PLAYGROUND = \{"iterations":1,.*"objective\/accuracy":/);
  });
});
