/** Strings of the presentation work (issue #11): chart axes, layout affordances, projector dashboard, labeler, timing. */
export default {
  charts: {
    rightAxis: '(right axis)', iterationAxis: 'iteration',
    axis: { score: 'score', kl: 'KL (nats)', nats: 'nats', fraction: 'fraction', valueLoss: 'value loss', policyLoss: 'policy loss', varExplained: 'explained var.', tokens: 'tokens', eosRate: 'EOS rate' },
  },
  stages: { stepAxis: 'step' },
  learning: {
    ratioAxis: 'ratio π_new/π_old', beyondTokens: 'beyond the axis (drawn on its edge)', clipBand: 'clip band [{{lo}}, {{hi}}]',
    ratioBeyond: 'Tokens beyond the axis: {{n}} (the furthest at ratio {{extreme}}), drawn on its edge as ▲ / ▼ so the clip band stays readable.',
  },
};
