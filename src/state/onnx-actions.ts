import { create } from 'zustand';
import type { OnnxExportReply, OnnxModelRole, RewardSource } from '../worker/protocol';
import { engine } from './client';
import { runMarkedNotReplayable } from './persistence';
import { useRunStore } from './run-store';
import { asEngineError, EngineError } from './worker-client';

/**
 * ONNX in the playground: download any of the four models, and score the feedback phase with a
 * reward model the user brings as an .onnx file. A refused file gives a message here; the run,
 * its phase and its reward source stay as they were.
 */
export interface OnnxState {
  /** The outcome of the last load: 'refused' (what is wrong with the file) or 'loaded' (with its warnings). */
  message: { kind: 'refused' | 'loaded'; file: string; text: string } | null;
}

export const useOnnxStore = create<OnnxState>(() => ({ message: null }));

/** Larger files are refused before they are read: the tab would run out of memory long before onnxruntime. */
export const MAX_ONNX_BYTES = 512 * 1024 * 1024;

const run = useRunStore;
const idle = () => run.getState().status === 'ready' && run.getState().busy === null && !run.getState().running;

function failed(e: unknown): void {
  const err = asEngineError(e);
  run.setState({ busy: null, error: { kind: err.kind, message: err.message } });
}

/** The model's current weights as ONNX bytes and a file name (the UI saves them); null when busy or failed. */
export async function onnxExportRequested(model: OnnxModelRole): Promise<OnnxExportReply | null> {
  if (!idle()) return null;
  run.setState({ busy: 'onnx-export', error: null });
  try {
    const reply = await engine().call('exportOnnx', { model });
    run.setState({ busy: null });
    return reply;
  } catch (e) {
    failed(e);
    return null;
  }
}

const setRewardSource = (rewardSource: RewardSource) => {
  const session = run.getState().session;
  if (session) run.setState({ session: { ...session, rewardSource } });
};

/** A user's .onnx file as the reward source from the next feedback phase on (checked and test-run first). */
export async function rewardModelFileChosen(file: string, read: () => Promise<ArrayBuffer>, size: number): Promise<void> {
  if (!idle()) return;
  if (size > MAX_ONNX_BYTES) {
    useOnnxStore.setState({ message: { kind: 'refused', file, text: `The file is ${(size / 2 ** 20).toFixed(0)} MiB; reward models up to ${MAX_ONNX_BYTES / 2 ** 20} MiB can be loaded here.` } });
    return;
  }
  run.setState({ busy: 'onnx-attach', error: null });
  try {
    const bytes = new Uint8Array(await read());
    const source = await engine().call('attachRewardOnnx', { name: file, bytes });
    runMarkedNotReplayable('onnx-reward');
    setRewardSource(source);
    useOnnxStore.setState({ message: { kind: 'loaded', file, text: source.warnings.join(' ') } });
    run.setState({ busy: null });
  } catch (e) {
    if (e instanceof EngineError && e.kind === 'model-file') {
      useOnnxStore.setState({ message: { kind: 'refused', file, text: e.message } });
      run.setState({ busy: null });
    } else {
      failed(e);
    }
  }
}

export const onnxMessageDismissed = () => useOnnxStore.setState({ message: null });

/** Back to the run's own reward model (or the scenario's checker). */
export async function rewardModelDetached(): Promise<void> {
  if (!idle()) return;
  run.setState({ busy: 'onnx-detach', error: null });
  try {
    setRewardSource(await engine().call('detachRewardOnnx', {}));
    useOnnxStore.setState({ message: null });
    run.setState({ busy: null });
  } catch (e) {
    failed(e);
  }
}
