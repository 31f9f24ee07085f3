import { useEffect } from 'react';
import { gpuProbed, selfCheckRequested } from '../state/gpu-slice';
import { GpuMemory } from './GpuMemory';
import { GpuStatus } from './GpuStatus';
import { SelfCheckPanel } from './SelfCheckPanel';

/** ?view=diagnostics: the adapter report and every WGSL kernel checked against its CPU reference in this page. */
export function Diagnostics() {
  useEffect(() => {
    void gpuProbed().then(selfCheckRequested);
  }, []);
  return (
    <main>
      <header>
        <h1>RLHF Playground</h1>
        <p className="tagline">Diagnostics: the WebGPU adapter and the kernel self-check. <a href="./">Back to the playground</a></p>
      </header>
      <GpuStatus />
      <SelfCheckPanel />
      <GpuMemory />
    </main>
  );
}
