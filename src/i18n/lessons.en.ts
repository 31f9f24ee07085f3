/**
 * Lessons: the picker and panel (lessons.ui) and each lesson's texts under its id (docs/lessons.md):
 * title, summary, goal, watch, steps.<step id>, questions.q1…qN, closing, checks.<check id>, marks.<mark id>.
 */
export default {
  lessons: {
    ui: {
      picker: 'Lesson', none: 'free play (no lesson)', title: 'Lesson: {{title}}', goal: 'Goal', watch: 'What to watch',
      steps: 'Steps', questions: 'Questions for the class', closing: 'What you should have seen', showClosing: 'Show what you should have seen',
      inThisRun: 'In this run:', holds: 'seen', fails: 'not seen in this run', pending: 'not measured yet',
      differs: 'This run differs from the lesson’s settings ({{list}}): the lesson’s claims are proven on its own settings.',
      showMe: 'Show me', next: 'Next', skip: 'Skip this step', lessonValue: '(lesson: {{value}})', back: 'Back', stop: 'Stop', leave: 'Leave the lesson', done: 'done', current: 'current step',
      stepOf: 'Step {{n}} of {{total}}', allDone: 'All steps done.', working: 'working…',
      action: {
        phase: 'Step: {{phase}}', run: 'Run to iteration {{n}}', compare: 'Keep these curves, start again with {{change}}',
        label: 'Show {{n}} pairs to label', retrain: 'Retrain the reward model ({{steps}} steps)',
      },
    },
    'first-look': {
      title: 'First look: one PPO iteration',
      summary: 'Step through sampling, feedback and learning once, reading what each phase did.',
      goal: 'See the three phases of one PPO iteration and what each one computes, on the default scenario (positive movie reviews).',
      watch: 'The story at the top (which phase is next), each panel as it fills, and “What just happened” after each phase.',
      steps: {
        story: 'Read the story at the top: SFT and the reward model were trained before PPO (the shipped checkpoints); PPO repeats sampling → feedback → learning. Only the actor and the critic change.',
        sample: 'Sampling: the actor writes 64 answers, one token at a time.',
        token: 'Click a token of an answer: the bars show the distribution it was drawn from.',
        feedback: 'Feedback: the reward model scores each answer, the reference gives the KL of every token, and the two make the per-token rewards.',
        learn: 'Learning: GAE turns rewards and values into advantages, then PPO updates the actor and the critic.',
        again: 'Run a second iteration and compare its KL with the first one’s.',
      },
      questions: {
        q1: 'Why is the KL exactly zero in the first feedback phase?',
        q2: 'Which token receives the answer’s score, and why that one?',
        q3: 'The answer the reward model liked most: did the gold scorer agree? What would it mean if it often did not?',
      },
      closing: 'Each iteration samples answers, scores them (the score on the last token, −β·KL on every token) and moves the actor towards tokens with a positive advantage. On the first rollout the actor still is the reference, so the KL is 0; after one update it is not.',
      checks: { klZeroThenPositive: 'KL per answer: {{first}} in iteration 1, {{second}} in iteration 2.' },
    },
    'kl-penalty': {
      title: 'Why the KL penalty',
      summary: 'The same run with the default β and with β = 0: how far does the actor drift?',
      goal: 'See what the KL penalty does: without it nothing stops the actor from drifting away from the language it started with.',
      watch: 'The KL chart (one curve per run, both runs kept in the run library) and the answers of each run.',
      steps: {
        first: 'Run 25 iterations with the default β = 0.05 (reward-hacking scenario, actor learning rate 0.001).',
        compare: 'Keep these curves and start the same run again with β = 0.',
        second: 'Run 25 iterations with β = 0, then compare the two runs’ curves.',
        answers: 'Read the β = 0 run’s answers in the sampling panel.',
      },
      questions: {
        q1: 'The reward-model score rises in both runs. What does the KL curve tell you that the score does not?',
        q2: 'Why would a large KL matter even with a perfect reward model? And with this one?',
        q3: 'What would an adaptive β (target KL) do in the β = 0.05 run?',
      },
      closing: 'With β = 0 the KL climbs much higher: over the last iterations of 25 it is at least twice the default run’s. Nothing pulls the actor back towards the language it started with, so it drifts wherever the reward model pays. The penalty −β·KL pays the actor to stay near the reference, where the reward model’s judgement can be trusted.',
      checks: {
        klRatio: 'KL per answer after {{iterations}} iterations (mean of the last 3): {{free}} with β = 0 against {{kept}} with the default β, {{ratio}} times as much.',
      },
    },
    'reward-hacking': {
      title: 'Reward hacking',
      summary: 'No KL penalty and a biased reward model: the reward-model score rises while the gold score falls.',
      goal: 'See Goodhart’s law happen: optimising a proxy (the reward model) past the point where it agrees with what we really want (gold).',
      watch: 'The scores chart: reward-model score and gold score rise together at first; the marker shows where gold peaks and the two part.',
      steps: {
        scenario: 'Open “About this scenario” at the top: the labeler loved the word “really”, so the reward model learned to love it too. Gold cannot see it.',
        run: 'Run 25 iterations with β = 0 and actor learning rate 0.001.',
        answers: 'Look at the latest answers and their scores in the feedback panel: what does the actor write now?',
      },
      questions: {
        q1: 'Where do the two curves part, and what do the answers look like after that point?',
        q2: 'Real RLHF has no gold score. How could you notice this happening?',
        q3: 'Which settings would you change to prevent it, and what would each one cost?',
      },
      closing: 'The reward-model score climbs to its ceiling and stays there while the gold score peaks and then falls by more than 3 points: the actor found what the reward model over-rewards (“really”, short stock phrases) instead of what the labeler meant. The KL penalty, stopping early on held-out judgements and a better reward model are the usual defences.',
      checks: {
        goldFalls: 'Gold peaked at {{goldPeak}} (iteration {{peakAt}}) and ended at {{goldEnd}} (the lesson claims a fall of at least {{fall}}), while the reward-model score ended at {{rmEnd}}, its highest being {{rmMax}}.',
      },
      marks: { parting: 'gold peaks' },
    },
    'whitening-clipping': {
      title: 'Whitening and clipping',
      summary: 'PPO’s clip ε = 0.2 against 0.02: how many tokens stop contributing, and how far the policy moves.',
      goal: 'See PPO’s trust region at work: the clip decides how far one batch may move the policy.',
      watch: 'The clip-fraction and approx-KL charts, and the ratio plot in the learning panel.',
      steps: {
        wide: 'Run 3 iterations with the default ε = 0.2. In the learning panel, find the ratio plot and its band [0.8, 1.2].',
        compare: 'Keep these curves and start again with ε = 0.02.',
        tight: 'Run 3 iterations with ε = 0.02.',
        ratios: 'Look at the ratio plot again: the band is now [0.98, 1.02]. Which tokens are clipped, and in which direction?',
        whitening: 'Explore: switch “whiten advantages” off in the hyperparameters, run one more iteration and compare the rows A and Â in the learning panel.',
      },
      questions: {
        q1: 'Why does a clipped token give no gradient?',
        q2: 'What does a very small ε cost? And a very large one?',
        q3: 'Whitening rescales the advantages to mean 0 and variance 1. What changes when the rewards are ten times larger and whitening is off?',
      },
      closing: 'With ε = 0.02 about a third of the tokens leave the clip band — several times the clip fraction at ε = 0.2 — and the policy moves less per iteration (lower approx-KL). Whitening puts the advantages on a fixed scale (mean 0, standard deviation 1), whatever the rewards’ scale.',
      checks: {
        clipFraction: 'Clip fraction, mean over {{iterations}} iterations: {{tight}} with ε = 0.02 against {{wide}} with ε = 0.2 ({{ratio}} times as much).',
        approxKl: 'Approx-KL, mean: {{tight}} with ε = 0.02 against {{wide}} with ε = 0.2.',
      },
    },
    'learning-rate': {
      title: 'Too high a learning rate',
      summary: 'The actor’s learning rate raised from 0.0003 to 0.1: the policy lurches away from the reference and its entropy collapses.',
      goal: 'See why RLHF uses small, clipped steps: a large learning rate throws away what SFT taught and leaves the actor writing the same few things.',
      watch: 'The KL and entropy charts, the answer-length / EOS chart, and the answers themselves.',
      steps: {
        calm: 'Run 3 iterations at the default actor learning rate (0.0003).',
        compare: 'Keep these curves and start again with the actor learning rate at 0.1.',
        first: 'Run 2 iterations and read the answers of the second one: what happened to EOS and to the KL?',
        collapse: 'Run to iteration 6 and watch the entropy.',
        answers: 'Read the answers now. How many different ones are there (the narration counts them)?',
      },
      questions: {
        q1: 'Why did one update at 0.1 change the answers so much, although PPO clips the ratio?',
        q2: 'What does an entropy near 0 mean for the answers the actor writes?',
        q3: 'Which settings besides the learning rate limit how far one iteration can move the policy?',
      },
      closing: 'After one update at 0.1 the KL jumps from below 1 to more than 20 nats and no answer ends with EOS any more; within 6 iterations the per-token entropy falls to under a tenth of the default run’s, close to 0: the actor is certain of every word and writes the same answer again and again, up to the length limit. The clip limits the ratio per token within one batch, not the size of each gradient step. (No learning rate here made the numbers become NaN; if that happens, the page says the training diverged and keeps the statistics so far.)',
      checks: {
        firstUpdate: 'After the first update: KL {{klHigh}} at 0.1 against {{klCalm}} at the default rate; answers ending in EOS {{eosHigh}} against {{eosCalm}}.',
        entropyCollapse: 'Per-token entropy: {{calm}} in iteration {{calmAt}} of the default run; at 0.1 it is down to {{low}} in iteration {{at}} ({{share}} of the default’s) within {{iterations}} iterations.',
      },
    },
    'verifiable-rewards': {
      title: 'Verifiable rewards',
      summary: 'No reward model: a checker scores arithmetic answers, and accuracy rises.',
      goal: 'See RL from a verifiable reward (RLVR): when a rule can check answers, the rule can be the reward.',
      watch: 'The scenario chart (accuracy) and the feedback panel’s scores: 1 right, 0 wrong, −1 malformed.',
      steps: {
        scenario: 'Open “About this scenario”: one-digit sums and differences; the SFT corpus was only 40% right.',
        one: 'Run one iteration and read the narration: how many answers were right?',
        run: 'Run to iteration 20 and watch the accuracy.',
      },
      questions: {
        q1: 'Why can this reward not be hacked the way the reward-hacking scenario’s was?',
        q2: 'Why is a malformed answer scored below a wrong one?',
        q3: 'Which tasks you know have a checker like this one, and which do not?',
      },
      closing: 'Accuracy climbs from about 0.3 by at least 0.2 within 20 iterations. The reward is exactly what we want, so reward and gold cannot part; what limits progress is how often the actor tries the right answer at all.',
      checks: { accuracyRises: 'Accuracy: {{start}} in the first 2 iterations, {{end}} in the last 3 of {{iterations}}.' },
    },
    labeler: {
      title: 'You are the labeler',
      summary: 'The class labels six pairs of answers; the reward model retrains on them. What does it learn from six?',
      goal: 'See where a reward model comes from, and what too little preference data does to it: it learns the pairs by heart and forgets how to judge.',
      watch: 'The reward model’s held-out accuracy before and after (SFT and reward-model section), and the narration after retraining.',
      steps: {
        before: 'Find the reward model’s held-out accuracy in the “Before PPO” section: how often it agrees with the labeler on pairs it never saw.',
        label: 'Sample six pairs of answers; as a class, pick the better answer of each pair (its gold score shows after the vote).',
        retrain: 'Retrain the reward model on your pairs (40 steps).',
        after: 'Compare the held-out accuracy after the retraining with the one before.',
      },
      questions: {
        q1: 'The retrained model gets all six of your pairs right. Why is it worse at judging new pairs?',
        q2: 'How many pairs do you think a reward model needs? What else besides the number matters?',
        q3: 'PPO now optimises this reward model. What will the actor learn?',
      },
      closing: 'Trained on six pairs, the reward model fits them perfectly (100% on its own pairs) while its agreement with the labeler on fresh pairs falls from about 85% to about 50% — chance. That is overfitting: real reward models are trained on tens of thousands of comparisons.',
      checks: { overfits: 'On its {{pairs}} pairs: {{trainAccuracy}} right. On fresh pairs: {{before}} before the retraining, {{after}} after.' },
    },
  },
};
