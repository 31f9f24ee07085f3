/** Strings of the presentation work (issue #11): chart axes, layout affordances, projector dashboard, labeler, timing. */
export default {
  charts: {
    rightAxis: '(right axis)', iterationAxis: 'iteration',
    axis: { score: 'score', kl: 'KL (nats)', nats: 'nats', fraction: 'fraction', valueLoss: 'value loss', policyLoss: 'policy loss', varExplained: 'explained var.', tokens: 'tokens', eosRate: 'EOS rate' },
  },
  stages: { factsClass: 'The reward-model numbers (rm…) are those of the model in use: retrained on {{n}} class pairs.', stepAxis: 'step' },
  learning: {
    tableLabel: 'Per-token values, advantages, returns and ratios: arrow keys move between cells',
    ratioAxis: 'ratio π_new/π_old', beyondTokens: 'beyond the axis (drawn on its edge)', clipBand: 'clip band [{{lo}}, {{hi}}]',
    ratioBeyond: 'Tokens beyond the axis: {{n}} (the furthest at ratio {{extreme}}), drawn on its edge as ▲ / ▼ so the clip band stays readable.',
  },
  sampling: { gridLabel: 'Answers, one row per answer: arrow keys move between tokens' },
  feedback: { sourceClass: 'scores: the reward model retrained on {{n}} class pairs', tableLabel: 'Per-token log-probabilities, KL and rewards: arrow keys move between cells' },
  inspect: { yes: 'yes', no: 'no' },
  layout: { scrollLeft: '← more', scrollRight: 'more →', settingsShow: 'Settings ▾', settingsHide: 'Settings ▴' },
  dash: {
    title: 'Projector dashboard', phases: 'Phases of one iteration',
    nextStep: {
      sample: 'Next: the actor writes answers to a batch of prompts.',
      feedback: 'Next: the reward model scores the answers; the reference model measures how far the actor has moved (KL).',
      learn: 'Next: advantages from the rewards, then PPO updates the actor and the critic.',
    },
    compareCaption: 'Same prompts, same random numbers: the reference (the SFT model, before PPO) and the actor after {{n}} iterations',
    compareLoading: 'Sampling the before / after answers…', compareFailed: 'The before / after answers could not be drawn: {{error}}',
    prompt: 'prompt', model: 'model', answer: 'answer', gold: 'gold', rm: 'RM score', checker: 'checker',
    before: 'before', after: 'now ({{n}})', noEos: ' (no EOS: PPO scores it as the missing-EOS penalty)',
  },
  timing: {
    phases: 'Iteration {{n}} on the {{engine}} engine: sampling {{sample}}, feedback {{feedback}}, learning {{learn}} (engine {{total}})',
    phasesSoFar: 'Iteration {{n}} so far on the {{engine}} engine: sampling {{sample}}, feedback {{feedback}}, learning {{learn}}',
    wall: '{{wall}} on the clock, of which {{page}} the page’s own drawing',
    wallWithPauses: '{{wall}} on the clock, of which {{page}} the page’s own drawing and {{pauses}} the pauses between phases at this speed',
    noWall: 'no clock time: its phases were not run in one go (Run or “Step one iteration” measure it)',
  },
  banner: {
    short: { 'slow-gpu': 'software GPU' },
    'slow-gpu': {
      title: 'GPU engine on a software adapter.',
      body: 'This adapter ({{detail}}) runs WebGPU on the processor: an iteration takes many times longer than on the CPU engine, often tens of seconds.',
      measured: 'Here iteration {{n}} took {{wall}} on the clock ({{engine}} on the engine).',
      measuredEngine: 'Here iteration {{n}} took {{engine}} on the engine.',
      notYet: 'The time of the first iteration will show here.',
    },
  },
  labeler: {
    resultBeforeAfter: 'Retrained on {{n}} class pairs. Agreement with the scripted labeler on held-out pairs: {{before}} before, {{after}} now.',
    dropWarning: 'The retrained reward model judges held-out pairs worse than the one it replaced ({{before}} → {{after}}), and PPO now optimises it. Label more pairs and retrain, or restore the reward model the run started with.',
    inUse: 'PPO scores with the reward model the class retrained on {{n}} pairs.',
    restoreShipped: 'Restore the shipped reward model', restoreStart: 'Restore the reward model this run started with',
  },
  busy: { 'restore-reward': 'restoring the reward model…' },
  hp: {
    err: {
      number: 'must be a number, got {{got}}', whole: 'must be a whole number, got {{got}}',
      gt: 'must be greater than {{lo}}, got {{got}}', ge: 'must be at least {{lo}}, got {{got}}', le: 'must be at most {{hi}}, got {{got}}',
      leScenario: 'must be at most {{hi}} (this scenario’s longest answer), got {{got}}',
      oneOf: 'must be one of {{list}}, got {{got}}', divide: 'must divide {{other}} = {{n}}, got {{got}}',
      empty: 'is empty: type a number', decimal: 'must be a plain decimal number such as 0.001 or 3e-4, got {{got}}',
      tooLarge: 'is too large to represent: {{got}}', tooSmall: 'is too small to represent (it would become 0): {{got}}',
      bool: 'must be true or false, got {{got}}', unknown: 'is not a setting of this playground',
    },
  },
};
