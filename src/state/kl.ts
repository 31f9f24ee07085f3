/** The KL estimators of conventions §3 (Schulman 2020), for views that recompute them from shown log-probs. */
export { klEstimate, KL_ESTIMATORS } from '../engine/rl/kl-rewards';
export type { KlEstimator } from '../engine/model/backend';
