/**
 * DAPO's dynamic sampling (Yu et al. 2025, §3.2; verl's filter_groups): a group whose G answers all
 * got the same reward has zero advantage everywhere and teaches nothing, so it is dropped and more
 * prompts are sampled until the batch holds B/G informative groups — at most `maxRounds` generation
 * rounds (verl's max_num_gen_batches). When the bound is reached the batch is filled with dropped
 * groups (the batch keeps its shape; those rows simply carry zero advantage) and the statistics say so.
 */
export interface DynamicSamplingSteps {
  B: number;
  G: number;
  /** Row length (P + T) of the token rows. */
  S: number;
  maxRounds: number;
  /** Generation round r: (B, S) tokens of B/G fresh prompts × G answers (round 0 is the ordinary rollout). */
  generate(round: number): Promise<Int32Array>;
  /** (B) the sequence reward of each row of `tokens` (the reward the advantages are computed from). */
  rewards(tokens: Int32Array): Promise<Float32Array>;
}

export interface DynamicSamplingResult {
  tokens: Int32Array;
  /** Groups with equal rewards that were dropped (including any used to fill the batch at the bound). */
  droppedGroups: number;
  /** Generation rounds run. */
  rounds: number;
  /** Groups in the batch that still have equal rewards (only when the bound was reached). */
  filledWithEqual: number;
}

export async function dynamicSample(s: DynamicSamplingSteps): Promise<DynamicSamplingResult> {
  const { B, G, S } = s;
  const groups = B / G, rowLen = G * S;
  const kept: Int32Array[] = [];
  const equal: Int32Array[] = [];
  let rounds = 0, dropped = 0;
  while (kept.length < groups && rounds < s.maxRounds) {
    const tokens = await s.generate(rounds);
    const r = await s.rewards(tokens);
    rounds++;
    for (let g = 0; g < groups; g++) {
      const group = tokens.subarray(g * rowLen, (g + 1) * rowLen);
      let same = true;
      for (let i = 1; i < G; i++) if (r[g * G + i] !== r[g * G]) same = false;
      if (same) {
        dropped++;
        equal.push(group);
      } else if (kept.length < groups) {
        kept.push(group);
      }
    }
  }
  const filledWithEqual = Math.max(0, groups - kept.length);
  const out = new Int32Array(B * S);
  [...kept, ...equal.slice(0, filledWithEqual)].forEach((group, g) => out.set(group, g * rowLen));
  return { tokens: out, droppedGroups: dropped, rounds, filledWithEqual };
}
