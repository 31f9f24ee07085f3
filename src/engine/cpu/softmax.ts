/**
 * Row-wise softmax / log-softmax over the last axis with temperature, on the CPU (float64 inside).
 * inp (R, V) → out (R, V). The reference the WGSL kernel is checked against.
 */
export function softmaxForward(out: Float32Array, inp: Float32Array, R: number, V: number, temperature = 1, log = false): void {
  for (let r = 0; r < R; r++) {
    const o = r * V;
    let max = -Infinity;
    for (let j = 0; j < V; j++) max = Math.max(max, inp[o + j] / temperature);
    let sum = 0;
    for (let j = 0; j < V; j++) sum += Math.exp(inp[o + j] / temperature - max);
    const logSum = Math.log(sum);
    for (let j = 0; j < V; j++) {
      const z = inp[o + j] / temperature - max;
      out[o + j] = log ? z - logSum : Math.exp(z) / sum;
    }
  }
}
