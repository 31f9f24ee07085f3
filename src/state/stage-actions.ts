import { create } from 'zustand';
import type { LabelPair, RewardRetrainReply } from '../worker/protocol';
import { engine } from './client';
import { runBegan, runLeaving, runMarkedNotReplayable } from './persistence';
import { useRunStore } from './run-store';
import { asEngineError } from './worker-client';

/** "Be the labeler": pairs of SFT answers, the class's votes, and the reward model retrained on them. */
export type Vote = 'a' | 'b' | 'skip';

export interface LabelerState {
  pairs: LabelPair[];
  votes: (Vote | null)[];
  round: number;
  /** Every pair the class has labelled (all rounds), as the reward model's training pairs. */
  labelled: { prompt: number[]; chosen: number[]; rejected: number[] }[];
  result: RewardRetrainReply | null;
}

export const useLabelerStore = create<LabelerState>(() => ({ pairs: [], votes: [], round: 0, labelled: [], result: null }));

const run = useRunStore;

function failed(e: unknown): void {
  const err = asEngineError(e);
  run.setState({ busy: null, progress: null, error: { kind: err.kind, message: err.message } });
}

const idle = () => run.getState().status === 'ready' && run.getState().busy === null && !run.getState().running;

/** n new pairs of answers, both sampled from the SFT model for the same prompt. */
export async function pairsRequested(n = 6): Promise<void> {
  if (!idle()) return;
  const round = useLabelerStore.getState().round;
  run.setState({ busy: 'label-pairs', error: null });
  try {
    const pairs = await engine().call('labelPairs', { n, round });
    useLabelerStore.setState({ pairs, votes: pairs.map(() => null), round: round + 1 });
    run.setState({ busy: null });
  } catch (e) {
    failed(e);
  }
}

export function pairVoted(i: number, vote: Vote): void {
  const s = useLabelerStore.getState();
  if (s.votes[i] !== null || !s.pairs[i]) return;
  const votes = s.votes.slice();
  votes[i] = vote;
  const p = s.pairs[i];
  const labelled = vote === 'skip' ? s.labelled : [...s.labelled, { prompt: p.prompt, chosen: vote === 'a' ? p.a : p.b, rejected: vote === 'a' ? p.b : p.a }];
  useLabelerStore.setState({ votes, labelled });
}

/** Retrains the reward model on the class's pairs; PPO scores with it from the next feedback phase. */
export async function rewardRetrainRequested(steps = 60): Promise<void> {
  const { labelled } = useLabelerStore.getState();
  if (!idle() || labelled.length === 0) return;
  run.setState({ busy: 'retrain-reward', progress: null, error: null });
  try {
    const result = await engine().call('retrainReward', { pairs: labelled, steps });
    runMarkedNotReplayable('reward-retrained');
    useLabelerStore.setState({ result });
    // The stats row, the curves and the reward source now describe the retrained model (the one PPO uses).
    run.setState({ busy: null, progress: null, session: result.session, curves: result.session.curves });
  } catch (e) {
    failed(e);
  }
}

/** Back to the reward model the run started with (the shipped one, or the one trained here): the class's is dropped. */
export async function rewardRestoreRequested(): Promise<void> {
  if (!idle()) return;
  run.setState({ busy: 'restore-reward', error: null });
  try {
    const session = await engine().call('restoreReward', {});
    useLabelerStore.setState({ result: null });
    run.setState({ busy: null, session, curves: session.curves });
  } catch (e) {
    failed(e);
  }
}

/** SFT and reward model trained again in this tab on the session's engine; PPO restarts from them. */
export async function stagesTrainRequested(sftSteps: number, rmSteps: number): Promise<void> {
  if (!idle() || !(await runLeaving())) return;
  const s = run.getState();
  const ppo = s.pendingConfig ?? s.config;
  run.setState({ busy: 'train-stages', progress: null, error: null, config: ppo, pendingConfig: null });
  try {
    const reply = await engine().call('trainStages', { sftSteps, rmSteps, seed: ppo.seed, ppo });
    run.setState({ session: reply, curves: reply.curves, busy: null, progress: null, iteration: 0, klCoef: reply.klCoef, phase: 'none', rollout: null, feedback: null, learning: null, history: [], topk: null, savedAt: null });
    useLabelerStore.setState({ result: null });
    runBegan({ notReplayable: [{ reason: 'stages-trained-here', at: 0 }] });
  } catch (e) {
    run.setState({ config: s.config, pendingConfig: s.pendingConfig });
    failed(e);
  }
}
