import { describe, expect, it } from 'vitest';
import { DEFAULT_PPO } from '../engine/rl/ppo-config';
import { linkFor, parseLink } from './url';

describe('links', () => {
  it('round-trips settings through the query string', () => {
    const { settings, problems } = parseLink('?scenario=reviews&preset=micro&engine=gpu&seed=9&klCoef=0.2&whitenAdvantages=false&klEstimator=k3');
    expect(problems).toEqual([]);
    expect(settings.config).toMatchObject({ seed: 9, klCoef: 0.2, whitenAdvantages: false, klEstimator: 'k3' });
    const again = parseLink(linkFor(settings));
    expect(again.settings).toEqual(settings);
  });

  it('reports every malformed part and uses the defaults instead', () => {
    const { settings, problems } = parseLink('?preset=huge&engine=tpu&batchSize=abc&clipEps=-3&nonsense=1&seed=-4');
    expect(settings.preset).toBe('tiny');
    expect(settings.engine).toBe('auto');
    expect(settings.config.batchSize).toBe(DEFAULT_PPO.batchSize);
    expect(settings.config.clipEps).toBe(DEFAULT_PPO.clipEps);
    expect(settings.config.seed).toBe(DEFAULT_PPO.seed);
    for (const word of ['preset=huge', 'engine=tpu', 'batchSize', 'clipEps', 'nonsense', 'seed']) expect(problems.join('\n')).toContain(word);
  });

  it('keeps the rest of a config when one field conflicts with another', () => {
    const { settings, problems } = parseLink('?batchSize=10&minibatches=4&klCoef=0.3');
    expect(settings.config.batchSize).toBe(10);
    expect(settings.config.minibatches).toBe(DEFAULT_PPO.minibatches);
    expect(settings.config.klCoef).toBe(0.3);
    expect(problems.join('\n')).toContain('minibatches');
  });

  it('gives each scenario its own answer length and refuses a longer one', () => {
    expect(parseLink('?scenario=arithmetic').settings.config.maxResponseLength).toBe(4);
    const long = parseLink('?scenario=arithmetic&maxResponseLength=9');
    expect(long.settings.config.maxResponseLength).toBe(4);
    expect(long.problems.join('\n')).toContain('maxResponseLength');
    expect(linkFor(parseLink('?scenario=arithmetic').settings)).not.toContain('maxResponseLength');
  });

  it('applies the scenario\'s recommended PPO settings unless the link sets them', () => {
    const rec = parseLink('?scenario=arithmetic').settings.config.actorLr;
    expect(rec).toBe(1e-3);
    expect(parseLink('?scenario=arithmetic&actorLr=0.0002').settings.config.actorLr).toBe(2e-4);
    expect(linkFor(parseLink('?scenario=arithmetic').settings)).not.toContain('actorLr');
  });

  it('resolves a repeated key one way — the last value — and says so', () => {
    const { settings, problems } = parseLink('?seed=3&klCoef=0.1&seed=9&klCoef=0.2&scenario=arithmetic&scenario=reviews');
    expect(settings.config.seed).toBe(9);
    expect(settings.config.klCoef).toBe(0.2);
    expect(settings.scenario).toBe('reviews');
    expect(problems).toEqual([
      'seed appears 2 times in the link; using the last one (seed=9)',
      'klCoef appears 2 times in the link; using the last one (klCoef=0.2)',
      'scenario appears 2 times in the link; using the last one (scenario=reviews)',
    ]);
  });

  it('treats prototype-chain names as unknown settings, never as config fields', () => {
    for (const k of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__']) {
      const { settings, problems } = parseLink(`?${k}=1&seed=4`);
      expect(problems, k).toEqual([`${k} is not a setting of this playground; ignored`]);
      expect(Object.hasOwn(settings.config, k), k).toBe(false);
      expect(settings.config.seed).toBe(4);
    }
  });

  it('carries a replay code through the link', () => {
    const { settings } = parseLink('?seed=4&replay=jabc');
    expect(settings.replay).toBe('jabc');
    expect(linkFor(settings)).toContain('replay=jabc');
  });

  it('reads setting values by the engine\'s one rule: plain decimals, exact booleans; anything else is named and defaulted', () => {
    const { settings, problems } = parseLink('?batchSize=0x10&klCoef=1e-400&clipEps=Infinity&gamma=&whitenAdvantages=yes&seed=1e1&lambda=0.9');
    expect(settings.config.batchSize).toBe(DEFAULT_PPO.batchSize);
    expect(settings.config.klCoef).toBe(DEFAULT_PPO.klCoef);
    expect(settings.config.clipEps).toBe(DEFAULT_PPO.clipEps);
    expect(settings.config.gamma).toBe(DEFAULT_PPO.gamma);
    expect(settings.config.whitenAdvantages).toBe(true);
    expect(settings.config.seed).toBe(10);
    expect(settings.config.lambda).toBe(0.9);
    const text = problems.join('\n');
    for (const word of ['batchSize must be a plain decimal', 'klCoef is too small', 'clipEps must be a plain decimal', 'gamma is empty', 'whitenAdvantages must be true or false']) expect(text).toContain(word);
    expect(problems).toHaveLength(5);
  });
});

