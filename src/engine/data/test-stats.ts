/**
 * Test helper: does an observed count of successes fit independent Bernoulli trials with the given
 * probabilities? The bound is 5 standard deviations of the count (a false alarm once in ~1.7
 * million runs for a fair test), plus one trial of slack so a probability of exactly 0 or 1
 * is not held to zero variance. Used for the labelers' statistical tests.
 */
export function bernoulliBound(probabilities: readonly number[]): { expected: number; bound: number } {
  let expected = 0, variance = 0;
  for (const p of probabilities) {
    expected += p;
    variance += p * (1 - p);
  }
  return { expected, bound: 5 * Math.sqrt(variance) + 1 };
}

/** |observed − expected| within the bound above; returns the message for a failing expect. */
export function fitsBernoulli(observed: number, probabilities: readonly number[]): { ok: boolean; message: string } {
  const { expected, bound } = bernoulliBound(probabilities);
  const ok = Math.abs(observed - expected) <= bound;
  return { ok, message: `observed ${observed} of ${probabilities.length}, expected ${expected.toFixed(1)} ± ${bound.toFixed(1)}` };
}
