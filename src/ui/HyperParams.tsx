import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfigError, type PpoConfig } from '../engine/rl/ppo-config';
import { parseSettingValue } from '../engine/rl/setting-value';
import { configChanged } from '../state/run-actions';
import { selectFastRun, useRunStore } from '../state/run-store';
import { configMessage, labelled } from './config-message';
import { adaptiveBeta, ALGO_FIELD_GROUPS, klInReward, withCritic, type AlgoField } from './algos/algo-fields';
import { ForkFromPending } from './library/ForkFromPending';
import { settingLabel, settingName } from './glossary/labels';
import { Term } from './glossary/Term';

type Key = keyof PpoConfig;
type Field = AlgoField;

/** The knobs, grouped as a lecture would introduce them. Seed is in the top bar (it starts a new run). */
const GROUPS: { id: string; fields: Field[]; when?: (c: PpoConfig) => boolean }[] = [
  { id: 'kl', fields: [
    { key: 'klCoef', symbol: 'β', kind: 'number', step: '0.01' },
    { key: 'adaptiveKl', symbol: '', kind: 'bool', when: adaptiveBeta },
    { key: 'klTarget', symbol: 'KL*', kind: 'number', step: '0.5', when: adaptiveBeta },
    { key: 'klHorizon', symbol: 'H', kind: 'number', step: '1000', when: adaptiveBeta },
    { key: 'klEstimator', symbol: '', kind: 'choice', choices: ['k1', 'k2', 'k3'], when: klInReward },
  ] },
  { id: 'ppo', fields: [
    { key: 'clipEps', symbol: 'ε', kind: 'number', step: '0.05' },
    { key: 'valueClipEps', symbol: 'εv', kind: 'number', step: '0.05', when: withCritic },
    { key: 'gamma', symbol: 'γ', kind: 'number', step: '0.01', when: withCritic },
    { key: 'lambda', symbol: 'λ', kind: 'number', step: '0.01', when: withCritic },
    { key: 'whitenAdvantages', symbol: '', kind: 'bool', when: withCritic },
    { key: 'epochs', symbol: 'K', kind: 'number', step: '1' },
    { key: 'minibatches', symbol: 'M', kind: 'number', step: '1' },
  ] },
  { id: 'optim', fields: [
    { key: 'actorLr', symbol: 'η_actor', kind: 'number', step: '0.0001' },
    { key: 'criticLr', symbol: 'η_critic', kind: 'number', step: '0.0001', when: withCritic },
    { key: 'maxGradNorm', symbol: '‖g‖max', kind: 'number', step: '0.1' },
    { key: 'lrSchedule', symbol: '', kind: 'choice', choices: ['constant', 'linear'] },
    { key: 'totalIterations', symbol: 'N', kind: 'number', step: '10' },
  ] },
  { id: 'rollout', fields: [
    { key: 'batchSize', symbol: 'B', kind: 'number', step: '1' },
    { key: 'maxResponseLength', symbol: 'T', kind: 'number', step: '1' },
    { key: 'temperature', symbol: 'τ', kind: 'number', step: '0.1' },
    { key: 'rewardClip', symbol: 'c', kind: 'number', step: '1' },
    { key: 'missingEosPenalty', symbol: '', kind: 'number', step: '0.5' },
  ] },
  ...ALGO_FIELD_GROUPS,
];

/**
 * "Applies from iteration N": its own component, so that the number — which changes at every
 * iteration of a run — redraws this line and not the whole form (issue #13: the form's twenty-odd
 * inputs were redrawn at every iteration on "fast").
 */
function PendingAppliesAt() {
  const { t } = useTranslation();
  // The boundary is the next sampling phase: mid-iteration that is the iteration after this one.
  // Running on "fast" the engine is (nearly) always mid-iteration, one ahead of the shown counter; and
  // this number then changes once per iteration, not with every phase.
  const appliesAt = useRunStore((s) => selectFastRun(s) || !(s.phase === 'none' || s.phase === 'learned') ? s.iteration + 2 : s.iteration + 1);
  return <span data-testid="hp-pending">{t('hp.pending', { n: appliesAt })}</span>;
}

/** Hyperparameters, validated by the engine's makePpoConfig; a valid change applies from the next iteration. */
export function HyperParams() {
  const { t } = useTranslation();
  const config = useRunStore((s) => s.config);
  const pending = useRunStore((s) => s.pendingConfig);
  const [drafts, setDrafts] = useState<Partial<Record<Key, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const shown = pending ?? config;

  const labelOf = (key: string) => settingName(key, t);
  const change = (key: Key, raw: string | boolean) => {
    // Numbers are read by the engine's strict rule (plain decimals; "0x10", "Infinity", blanks refused).
    let err: { field: string; message: string } | null = null;
    let value: unknown = raw;
    if (typeof raw === 'string' && GROUPS.flatMap((g) => g.fields).find((f) => f.key === key)?.kind === 'number') {
      try {
        value = parseSettingValue(key, raw.trim());
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        err = { field: e.field, message: e.message };
      }
    }
    err ??= configChanged({ [key]: value });
    const nextErrors: Partial<Record<string, string>> = {};
    if (err) nextErrors[err.field] = configMessage(err.field, err.message, labelOf, t);
    if (err && err.field !== key) nextErrors[key] = t('hp.seeOther', { field: labelled(err.field, labelOf(err.field)) });
    setErrors(nextErrors);
    setDrafts(err && typeof raw === 'string' ? { [key]: raw } : {});
  };

  return (
    <section className="card" aria-label={t('hp.title')} data-testid="hyperparams">
      <h2>{t('hp.title')}</h2>
      <p className="muted">
        {pending ? <><PendingAppliesAt /><ForkFromPending /></> : t('hp.intro')}
      </p>
      <div className="hp-groups">
        {GROUPS.filter((g) => g.when?.(shown) ?? true).map((g) => (
          <fieldset key={g.id} className="hp-group">
            <legend>{t(`hp.g.${g.id}`)}</legend>
            {g.fields.filter((f) => f.when?.(shown) ?? true).map((f) => {
              const id = `hp-${f.key}`;
              const err = errors[f.key];
              const changed = pending !== null && pending[f.key] !== config[f.key];
              return (
                <Term key={f.key} setting={f.key} area className={`hp-field ${err ? 'invalid' : ''} ${changed ? 'changed' : ''}`}>
                  <label htmlFor={id}>
                    {f.symbol && <span className="sym">{f.symbol}</span>} {settingLabel(f.key, t)}
                  </label>
                  {f.kind === 'bool' ? (
                    <input id={id} type="checkbox" checked={Boolean(shown[f.key])} onChange={(e) => change(f.key, e.target.checked)} data-testid={id} />
                  ) : f.kind === 'choice' ? (
                    <select id={id} value={String(shown[f.key])} onChange={(e) => change(f.key, e.target.value)} data-testid={id}>
                      {(f.choicesFor?.(shown) ?? f.choices!).map((c) => <option key={c} value={c}>{c}</option>)}
                    </select>
                  ) : (
                    <input id={id} type="text" inputMode="decimal" value={drafts[f.key] ?? String(shown[f.key])} aria-invalid={Boolean(err)} aria-describedby={err ? `${id}-error` : undefined}
                      onChange={(e) => setDrafts((d) => ({ ...d, [f.key]: e.target.value }))}
                      onBlur={(e) => drafts[f.key] !== undefined && change(f.key, e.target.value)}
                      onKeyDown={(e) => e.key === 'Enter' && change(f.key, (e.target as HTMLInputElement).value)} data-testid={id} />
                  )}
                  {changed && <span className="pending-mark" title={t('hp.pendingField', { was: String(config[f.key]) })}>●</span>}
                  {err && <span id={`${id}-error`} className="field-error" role="alert" data-testid={`${id}-error`}>{err}</span>}
                </Term>
              );
            })}
          </fieldset>
        ))}
      </div>
    </section>
  );
}
