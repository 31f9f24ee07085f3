/// <reference lib="webworker" />
/**
 * The engine's home off the main thread: the page stays responsive while a phase runs for
 * seconds. Requests are handled one at a time, in arrival order (GPU work of a phase is recorded
 * into one command encoder, so two requests must never interleave).
 */
import { CheckpointError } from '../engine/model/checkpoint';
import { GpuDeviceLostError, GpuValidationError, WebGpuUnavailableError } from '../engine/gpu/errors';
import { RewardModelError } from '../engine/onnx/reward-model-checks';
import { ConfigError } from '../engine/rl/ppo-config';
import type { Api, ErrorKind, RequestMessage, RequestName, WorkerMessage } from './protocol';
import { DivergedError, Session } from './session';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerMessage) => scope.postMessage(m);
const session = new Session(post);

type Handlers = { [K in RequestName]: (p: Api[K][0]) => Promise<Api[K][1]> | Api[K][1] };
const handlers: Handlers = {
  probe: () => session.probe(),
  open: (p) => session.open(p),
  reset: (p) => session.reset(p.ppo),
  sample: (p) => session.sample(p.keepLogits),
  feedback: () => session.feedback(),
  learn: (p) => session.learn(p.keepLogits),
  setConfig: (p) => session.setConfig(p.ppo),
  topk: (p) => session.topk(p),
  snapshot: () => session.snapshot(),
  trainStages: (p) => session.trainStages(p),
  labelPairs: (p) => session.labelPairs(p),
  retrainReward: (p) => session.retrainReward(p),
  loseDevice: () => session.loseDevice(),
  exportOnnx: (p) => session.exportOnnx(p),
  attachRewardOnnx: (p) => session.attachRewardOnnx(p),
  detachRewardOnnx: () => session.detachRewardOnnx(),
};

function classify(e: unknown): { kind: ErrorKind; field?: string } {
  if (e instanceof GpuDeviceLostError) return { kind: 'device-lost' };
  // Before the "diverged" test: a refused reward model may mention a non-finite score.
  if (e instanceof RewardModelError) return { kind: 'model-file' };
  if (e instanceof DivergedError || /diverged|NaN|non-finite/.test(String((e as Error)?.message))) return { kind: 'diverged' };
  if (e instanceof GpuValidationError || e instanceof WebGpuUnavailableError) return { kind: 'gpu' };
  if (e instanceof ConfigError) return { kind: 'config', field: e.field };
  if (e instanceof CheckpointError) return { kind: 'checkpoint' };
  return { kind: 'other' };
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (ev: MessageEvent<RequestMessage>) => {
  const { id, name, payload } = ev.data;
  queue = queue.then(async () => {
    try {
      const handler = handlers[name] as (p: unknown) => Promise<unknown> | unknown;
      if (!handler) throw new Error(`unknown request "${name}"`);
      post({ type: 'reply', id, value: await handler(payload) });
    } catch (e) {
      post({ type: 'failure', id, message: (e as Error)?.message ?? String(e), ...classify(e) });
    }
  });
};
