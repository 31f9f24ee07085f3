import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without type declarations
import { satisfies } from './check-node.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string>; engines: { node: string } };

// npm runs "pre<name>" and "post<name>" around `npm run <name>`: no script may be named so that it
// runs as another's hook (the shipped checkpoints' script is `pretrain-models`, not `pretrain`,
// which npm ran before every `npm run train`). No global ignore-scripts switch is needed for that.
describe('package.json scripts', () => {
  it('no script runs as a hook of another, without a global ignore-scripts', () => {
    const scripts = Object.keys(pkg.scripts);
    const hooks = scripts.filter((s) => /^(pre|post)./.test(s) && scripts.includes(s.replace(/^(pre|post)/, '')));
    expect(hooks).toEqual([]);
    expect(scripts).toContain('pretrain-models');
    expect(existsSync('.npmrc') && /ignore-scripts\s*=\s*true/.test(readFileSync('.npmrc', 'utf8'))).toBe(false);
  });
});

describe('the Node.js version check (.ci/run → scripts/check-node.mjs)', () => {
  it('reads package.json engines as Vite 8 needs it', () => {
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
    const ok = ['20.19.0', '20.20.2', '22.12.0', '22.13.1', '23.0.0', '24.4.0', process.versions.node];
    const old = ['18.20.4', '20.18.3', '20.0.0', '21.7.3', '22.11.0', '19.99.99'];
    for (const v of ok) expect(satisfies(v, pkg.engines.node), v).toBe(true);
    for (const v of old) expect(satisfies(v, pkg.engines.node), v).toBe(false);
    expect(() => satisfies('20.0.0', '~20.1.0')).toThrow(/cannot read the range "~20\.1\.0"/);
  });
});
