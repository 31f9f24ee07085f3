import { useEffect } from 'react';
import { gpuProbed, selfCheckRequested } from '../state/gpu-slice';
import { GpuStatus } from './GpuStatus';
import { SelfCheckPanel } from './SelfCheckPanel';

export function App() {
  useEffect(() => {
    void gpuProbed().then(selfCheckRequested);
  }, []);
  return (
    <main>
      <header>
        <h1>RLHF Playground</h1>
        <p className="tagline">Watch RLHF with PPO train a tiny language model, step by step, on your own GPU.</p>
      </header>
      <GpuStatus />
      <SelfCheckPanel />
    </main>
  );
}
