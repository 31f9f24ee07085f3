/** WebGPU cannot be used at all here (no navigator.gpu, no adapter, device refused). */
export class WebGpuUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`WebGPU unavailable: ${reason}`);
    this.name = 'WebGpuUnavailableError';
  }
}

/** Why WebGPU cannot be used, without the "WebGPU unavailable:" lead-in (a page's banner says that already). */
export const unavailableReason = (e: unknown): string => (e instanceof WebGpuUnavailableError ? e.reason : String((e as Error)?.message ?? e));

/** The device was lost (driver reset, tab backgrounded too long, device.destroy()). */
export class GpuDeviceLostError extends Error {
  constructor(readonly reason: string, detail: string) {
    super(`The GPU device was lost (${reason}${detail ? `: ${detail}` : ''}). Reload the page, or switch to the CPU engine; the run so far is kept.`);
    this.name = 'GpuDeviceLostError';
  }
}

/** A WebGPU validation / out-of-memory / internal error caught around a submission. */
export class GpuValidationError extends Error {
  constructor(what: string, message: string) {
    super(`GPU error in ${what}: ${message}`);
    this.name = 'GpuValidationError';
  }
}
