/** The scenario registry: what the UI lists, and the one place that maps an id to a scenario. */
import { arithmeticScenario } from './arithmetic';
import { rewardHackingScenario } from './reward-hacking';
import { reviewsScenario } from './reviews';
import type { Scenario } from './scenario';

export const SCENARIOS: readonly Scenario[] = [reviewsScenario, rewardHackingScenario, arithmeticScenario];

export const DEFAULT_SCENARIO_ID = 'reviews';

export function getScenario(id: string = DEFAULT_SCENARIO_ID): Scenario {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s) throw new Error(`unknown scenario "${id}"; valid ids: ${SCENARIOS.map((x) => x.id).join(', ')}`);
  return s;
}
