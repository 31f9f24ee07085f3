import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// npm runs "pre<name>" and "post<name>" around `npm run <name>`. `pretrain` (the shipped
// checkpoints) and `train` (the headless PPO runner) are both commands of their own, so the hooks
// must be off (.npmrc ignore-scripts=true), or `npm run train` retrains every checkpoint first.
describe('package.json scripts', () => {
  it('no script runs as a hook of another', () => {
    const scripts = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>);
    const hooks = scripts.filter((s) => /^(pre|post)./.test(s) && scripts.includes(s.replace(/^(pre|post)/, '')));
    expect(hooks).toContain('pretrain');
    const npmrc = readFileSync('.npmrc', 'utf8').split('\n').map((l) => l.trim());
    expect(npmrc, `${hooks.join(', ')} would run as hooks`).toContain('ignore-scripts=true');
  });
});
