// The WebAssembly SIMD kernels of the CPU engine (AssemblyScript, built by scripts/wasm-build.mjs).
// Every tensor argument is a byte address in the memory the JS side shares (../arena.ts); the JS
// wrappers in ../kernels.ts check sizes and pick these or the TypeScript reference ops.
export { transpose, matmulForwardRows, matmulBackwardInputRows, matmulBackwardWeightRows } from './matmul';
export { matmulForwardRowsExact, matmulBackwardInputRowsExact, matmulBackwardWeightRowsExact } from './matmul-exact';
export { layernormForward, layernormBackward } from './layernorm';
export { geluForward, geluBackward, geluForwardRange, geluBackwardRange } from './gelu';
export { residualForward, residualBackward } from './residual';
export { attentionForward, attentionBackward } from './attention';
export { attentionDecode } from './attention-decode';
export { crossentropyForward, crossentropyBackward } from './crossentropy';
export { logprobsForward, logprobsBackward } from './logprobs';
export { sampleDraw } from './sample';
export { adamwUpdate, gradNormSquared } from './adamw';
export { simdPeak } from './peak';
export { exp4Into, tanh4Into } from './math-probe';

/** First byte the JS allocator may use (after this module's static data). */
export function heapBase(): usize {
  return __heap_base;
}
