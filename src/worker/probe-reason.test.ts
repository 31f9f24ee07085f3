import { describe, expect, it } from 'vitest';
import { unavailableReason, WebGpuUnavailableError } from '../engine/gpu/errors';
import { Session } from './session';

describe('why WebGPU is unavailable, said once (issue #11, defect 7)', () => {
  it('the probe reports the reason without the "WebGPU unavailable" lead-in the banner already has', async () => {
    // The unit project installs no WebGPU (only the gpu project does): the probe finds none.
    const probe = await new Session(() => {}).probe();
    expect(probe.available).toBe(false);
    expect(probe.reason.length).toBeGreaterThan(0);
    expect(probe.reason).not.toMatch(/WebGPU unavailable/i);
  });

  it('unavailableReason strips the lead-in only from its own error', () => {
    expect(unavailableReason(new WebGpuUnavailableError('no adapter'))).toBe('no adapter');
    expect(new WebGpuUnavailableError('no adapter').message).toBe('WebGPU unavailable: no adapter');
    expect(unavailableReason(new Error('device refused'))).toBe('device refused');
  });
});
