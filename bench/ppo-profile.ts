// Where one PPO iteration of the CPU engine spends its time: V8's sampling profiler (node:inspector)
// over PPO_PROFILE_ITERS iterations (default 4, after one warm-up) of the reviews scenario with the
// PPO defaults, the shipped checkpoints and the default kernels (wasm float32, one thread), then self
// time per function, heaviest first, and per group (wasm kernels, the TypeScript RL maths and
// sampling, everything else). The profile is a share of the iteration's time, so it holds on a loaded
// machine where absolute times do not. Not part of `npm run bench` (it measures no ratio).
// Run: node scripts/run-ts.mjs bench/ppo-profile.ts [micro|tiny|small]
// Env: PPO_PROFILE_ITERS (4), PPO_PROFILE_TOP (25).
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { getScenario } from '../src/engine/data/scenarios';
import type { PresetName } from '../src/engine/model/config';
import { countFlops } from '../src/engine/model/cost';
import { createPpoRun } from '../src/engine/pipeline/stages';
import { makePpoConfig } from '../src/engine/rl/ppo-config';
import { PARALLEL } from '../src/engine/wasm/kernels';
import { runWeights } from './tfjs-ppo';
import { plain, shared } from 'virtual:wasm-kernels';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const preset = (process.argv[2] ?? 'tiny') as PresetName;
const ITERS = Math.max(1, Number(process.env.PPO_PROFILE_ITERS ?? 4));
const TOP = Math.max(1, Number(process.env.PPO_PROFILE_TOP ?? 25));
const scenario = getScenario('reviews');
const cfg = makePpoConfig({ maxResponseLength: scenario.maxResponseLength });
const w = await runWeights(scenario, preset);
// The iteration's FLOPs, counted on a separate engine (the counter wraps its ops) — as ppo-iteration.bench.ts does.
const counted = new CpuBackend();
const counter = countFlops(counted);
const countedRun = createPpoRun(counted, scenario, w.config, w.sft, w.reward, cfg);
await countedRun.step();
countedRun.release();
const be = new CpuBackend();
const run = createPpoRun(be, scenario, w.config, w.sft, w.reward, cfg);
await run.step(); // warm-up: compiles the wasm and JIT-compiles the TypeScript

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const t0 = performance.now();
for (let i = 0; i < ITERS; i++) await run.step();
const wall = performance.now() - t0;
const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
session.disconnect();

// Self time per node, summed per function (name + file).
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
// Leave out the profiler's own work (Profiler.stop collecting the profile runs under node:inspector).
const profiler = new Set<number>();
const mark = (id: number, inside: boolean): void => {
  const n = byId.get(id)!;
  const under = inside || n.callFrame.url === 'node:inspector';
  if (under) profiler.add(id);
  for (const c of n.children ?? []) mark(c, under);
};
mark(profile.nodes[0].id, false);
const wasmNames = exportedFunctionNames(Buffer.from(be.kernels.sharedMemory ? shared : plain, 'base64'));
const self = new Map<string, number>();
for (let i = 0; i < profile.samples.length; i++) {
  if (profiler.has(profile.samples[i])) continue;
  const f = byId.get(profile.samples[i])!.callFrame;
  const file = f.url.replace(/^.*\/src\//, 'src/').replace(/^.*\/node_modules\//, 'node_modules/');
  const wasmIndex = /^wasm-function\[(\d+)\]$/.exec(f.functionName)?.[1];
  const name = wasmIndex !== undefined ? `wasm ${wasmNames.get(Number(wasmIndex)) ?? f.functionName}` : f.functionName || '(anonymous)';
  const key = `${name}  ${file}`;
  self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i] / 1000);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const group = (key: string): string => {
  if (key.startsWith('wasm ')) return 'wasm kernels';
  if (/src\/engine\/(rl|cpu)\//.test(key)) return 'TypeScript ops (engine/rl, engine/cpu)';
  if (/\(idle\)|\(program\)|\(garbage collector\)/.test(key)) return key.split('  ')[0];
  return 'other JavaScript';
};
const groups = new Map<string, number>();
for (const [k, ms] of self) groups.set(group(k), (groups.get(group(k)) ?? 0) + ms);

console.log(`ppo-profile ${preset} (${w.source}), kernels ${be.kernels.active}, ${ITERS} iterations: ${(wall / ITERS).toFixed(0)} ms per iteration, ${(counter.flops / 1e9).toFixed(2)} GFLOP each (${(counter.flops / wall * ITERS / 1e6).toFixed(2)} GFLOP/s), load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`ppo-profile groups (share of sampled time):`);
for (const [g, ms] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${(100 * ms / total).toFixed(1).padStart(5)}%  ${g}`);
// What helper threads can share (pool.ts splits these kernels): Amdahl's bound for 2 threads.
const parallel = [...self].filter(([k]) => PARALLEL.some((p) => k.startsWith(`wasm ${p}  `) || k.startsWith(`wasm ${p.replace(/Range$/, '')}  `))).reduce((a, [, ms]) => a + ms, 0) / total;
console.log(`ppo-profile share of the kernels the thread pool splits (matmul, attention, GELU; jobs under 2 MFLOP stay on one thread): ${(100 * parallel).toFixed(1)}% — at most ${(1 / (1 - parallel + parallel / 2)).toFixed(2)}× on 2 threads with two free cores`);
console.log(`ppo-profile top ${TOP} functions by self time:`);
for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${(100 * ms / total).toFixed(1).padStart(5)}%  ${(ms / ITERS).toFixed(1).padStart(7)} ms/it  ${k}`);
run.release();

/** Function index → export name, from the module's export section (an -O3 build has no name section). */
function exportedFunctionNames(b: Uint8Array): Map<number, string> {
  let p = 8;
  const u = (): number => {
    let r = 0, shift = 0, x: number;
    do { x = b[p++]; r += (x & 0x7f) * 2 ** shift; shift += 7; } while (x & 0x80);
    return r;
  };
  const skipName = (): void => { const l = u(); p += l; };
  const names = new Map<number, string>();
  while (p < b.length) {
    const id = b[p++], end = u() + p;
    if (id === 2) { // imports, skipped
      for (let n = u(); n > 0; n--) {
        skipName(); skipName();
        const kind = b[p++];
        if (kind === 0) u(); // the index space counts imported functions first, as V8's wasm-function[i] does
        else if (kind === 1) { p++; const flags = u(); u(); if (flags & 1) u(); }
        else if (kind === 2) { const flags = u(); u(); if (flags & 1) u(); }
        else { p++; p++; } // global: type, mutability
      }
    } else if (id === 7) { // exports
      for (let n = u(); n > 0; n--) {
        const l = u();
        const name = new TextDecoder().decode(b.subarray(p, p + l));
        p += l;
        const kind = b[p++], index = u();
        if (kind === 0) names.set(index, name);
      }
    }
    p = end;
  }
  return names;
}
