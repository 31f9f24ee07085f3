/**
 * What kind of failure an engine error is, for the UI: a lost device has its own banner and
 * recovery, a diverged run keeps its statistics and suggests lower learning rates, an invalid setting
 * names its field, a refused model file says what is wrong with it.
 */
import { CheckpointError } from '../engine/model/checkpoint';
import { GpuDeviceLostError, GpuValidationError, WebGpuUnavailableError } from '../engine/gpu/errors';
import { RewardModelError } from '../engine/onnx/reward-model-checks';
import { ConfigError } from '../engine/rl/ppo-config';
import type { ErrorKind } from './protocol';
import { DivergedError } from './session';

export function classifyError(e: unknown): { kind: ErrorKind; field?: string } {
  if (e instanceof GpuDeviceLostError) return { kind: 'device-lost' };
  // Before the "diverged" test: a refused reward model may mention a non-finite score.
  if (e instanceof RewardModelError) return { kind: 'model-file' };
  // The trainers' own NaN checks (PPO, SFT and reward-model losses) say "diverged" in their messages.
  if (e instanceof DivergedError || /diverged|NaN|non-finite/.test(String((e as Error)?.message))) return { kind: 'diverged' };
  if (e instanceof GpuValidationError || e instanceof WebGpuUnavailableError) return { kind: 'gpu' };
  if (e instanceof ConfigError) return { kind: 'config', field: e.field };
  if (e instanceof CheckpointError) return { kind: 'checkpoint' };
  return { kind: 'other' };
}
