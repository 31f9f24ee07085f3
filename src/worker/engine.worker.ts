/// <reference lib="webworker" />
/**
 * The engine's home off the main thread: the page stays responsive while a phase runs for
 * seconds. Requests are handled one at a time, in arrival order (GPU work of a phase is recorded
 * into one command encoder, so two requests must never interleave).
 */
import { classifyError } from './classify';
import { reportCspViolations } from './csp-report';
import type { Api, RequestMessage, RequestName, WorkerMessage } from './protocol';
import { Session } from './session';

const scope = self as unknown as DedicatedWorkerGlobalScope;
reportCspViolations(scope);
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
  restoreReward: () => session.restoreReward(),
  loseDevice: () => session.loseDevice(),
  exportOnnx: (p) => session.exportOnnx(p),
  attachRewardOnnx: (p) => session.attachRewardOnnx(p),
  detachRewardOnnx: () => session.detachRewardOnnx(),
  setClassPairs: (p) => session.setClassPairs(p.pairs),
  compareAnswers: (p) => session.compareAnswers(p),
  probeAnswers: () => session.probeAnswers(),
  gpuMemory: () => session.gpuMemory(),
};

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (ev: MessageEvent<RequestMessage>) => {
  const { id, name, payload } = ev.data;
  queue = queue.then(async () => {
    try {
      const handler = handlers[name] as (p: unknown) => Promise<unknown> | unknown;
      if (!handler) throw new Error(`unknown request "${name}"`);
      post({ type: 'reply', id, value: await handler(payload) });
    } catch (e) {
      post({ type: 'failure', id, message: (e as Error)?.message ?? String(e), ...classifyError(e) });
    }
  });
};
