/** Strings of the speed work (issue #15): the cost of a model size before switching to it, the CPU engine's kernels. */
export default {
  presetCost: {
    cpu: 'the CPU engine',
    softwareGpu: 'the GPU engine on this software adapter',
    estimate: '{{preset}}: one PPO iteration will take about {{seconds}} s on {{engine}} here — an estimate from the time measured for {{current}}, {{ratio}}× its arithmetic and how fast each size runs on this engine; a run’s first iteration takes longer.',
    unmeasured: '{{preset}}: one PPO iteration is {{ratio}}× the arithmetic of {{current}} on {{engine}} — run one iteration of {{current}} first for a time estimate.',
    switch: 'Switch to {{preset}}',
    keep: 'Keep {{current}}',
  },
  cpuKernels: {
    wasm: 'WebAssembly SIMD',
    'wasm-exact': 'WebAssembly SIMD (float64)',
    ts: 'TypeScript',
    threads: '{{count}} threads',
  },
};
