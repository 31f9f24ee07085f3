import { useTranslation } from 'react-i18next';
import { useRunStore } from '../../state/run-store';

/** The card's four questions, in the order it answers them. */
export const SCENARIO_CARD_PARTS = ['writes', 'reward', 'gold', 'shows'] as const;

/**
 * What the current scenario is: what the models write, what the reward is, what the hidden gold
 * scorer is (and why it exists at all), what the scenario is meant to show.
 */
export function ScenarioCard() {
  const { t } = useTranslation();
  const id = useRunStore((s) => s.scenario);
  return (
    <details className="scenario-card" data-testid="scenario-card" data-scenario={id}>
      <summary>{t('story.scenarioCard', { title: t(`scenario.${id}.title`) })}</summary>
      <dl>
        {SCENARIO_CARD_PARTS.map((p) => (
          <div key={p}>
            <dt>{t(`scenarioCard.${p}`)}</dt>
            <dd data-testid={`scenario-card-${p}`}>{t(`scenarioCard.${id}.${p}`)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
