/** 速度相关的文字（issue #15）：切换模型规模前给出一次迭代的耗时，CPU 引擎的内核。 */
export default {
  presetCost: {
    cpu: 'CPU 引擎',
    softwareGpu: '此软件适配器上的 GPU 引擎',
    estimate: '{{preset}}：在这里用{{engine}}，一次 PPO 迭代约需 {{seconds}} 秒——按 {{current}} 实测的用时、{{ratio}} 倍的计算量以及各尺寸在此引擎上的速度估算；一次运行的第一次迭代更慢。',
    unmeasured: '{{preset}}：在{{engine}}上，一次 PPO 迭代的计算量是 {{current}} 的 {{ratio}} 倍——先运行一次 {{current}} 的迭代即可估算耗时。',
    switch: '切换到 {{preset}}',
    keep: '保留 {{current}}',
  },
  cpuKernels: {
    wasm: 'WebAssembly SIMD',
    'wasm-exact': 'WebAssembly SIMD（float64）',
    ts: 'TypeScript',
    threads: '{{count}} 个线程',
  },
};
