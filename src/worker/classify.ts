/**
 * What kind of failure an engine error is, for the UI: a lost device has its own banner and
 * recovery, a diverged run keeps its statistics and suggests lower learning rates, an invalid setting
 * names its field, a refused model file says what is wrong with it.
 */
import { CheckpointError } from '../engine/model/checkpoint';
import { GpuDeviceLostError, GpuValidationError, WebGpuUnavailableError } from '../engine/gpu/errors';
import { RewardModelError } from '../engine/onnx/reward-model-checks';
import { TrainingDivergedError } from '../engine/rl/diverged';
import { ConfigError } from '../engine/rl/ppo-config';
import type { ErrorKind } from './protocol';

export function classifyError(e: unknown): { kind: ErrorKind; field?: string } {
  if (e instanceof GpuDeviceLostError) return { kind: 'device-lost' };
  if (e instanceof RewardModelError) return { kind: 'model-file' };
  // The trainers' NaN checks (PPO, SFT and reward-model losses) and the session's (log-probs, values, scores).
  if (e instanceof TrainingDivergedError) return { kind: 'diverged' };
  if (e instanceof GpuValidationError || e instanceof WebGpuUnavailableError) return { kind: 'gpu' };
  if (e instanceof ConfigError) return { kind: 'config', field: e.field };
  if (e instanceof CheckpointError) return { kind: 'checkpoint' };
  return { kind: 'other' };
}
