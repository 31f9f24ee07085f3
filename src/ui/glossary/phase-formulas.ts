/**
 * Each phase's formulas for the explanation panel, in TeX (typeset by KaTeX; the same in every
 * language). Conventions: docs/conventions.md §3.
 */
import type { PhaseName } from '../../state/run-store';

export const PHASE_TEX: Record<PhaseName, readonly string[]> = {
  sample: [
    String.raw`p(a_t \mid s_t) = \operatorname{softmax}(z_t / \tau)_{a_t}`,
    String.raw`\log \pi_\theta(a_t \mid s_t) \ \text{is kept for every answer token}`,
  ],
  feedback: [
    String.raw`k_1 = \log \pi_\theta - \log \pi_{\text{ref}} \qquad k_2 = \tfrac12 \Delta^2 \qquad k_3 = (r - 1) - \log r,\ \ r = \pi_{\text{ref}} / \pi_\theta`,
    String.raw`r_t = -\beta\,\mathrm{KL}_t + [t = \text{last}]\cdot\operatorname{clip}(\text{score}, -c, c)`,
  ],
  learn: [
    String.raw`\delta_t = r_t + \gamma V_{t+1} - V_t \qquad A_t = \delta_t + \gamma\lambda A_{t+1} \qquad R_t = A_t + V_t`,
    String.raw`L_\pi = \operatorname{mean}\big(\max(-\hat A\rho,\ -\hat A \operatorname{clip}(\rho, 1-\varepsilon, 1+\varepsilon))\big), \quad \rho = e^{\log \pi_{\text{new}} - \log \pi_{\text{old}}}`,
    String.raw`L_V = \tfrac12 \operatorname{mean}\big(\max((V - R)^2, (\operatorname{clip}(V, V_{\text{old}} \pm \varepsilon_v) - R)^2)\big)`,
  ],
};
