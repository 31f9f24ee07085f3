import reduceShared from '../../../shaders/lib/reduce_shared.wgsl?raw';
import reduceSubgroup from '../../../shaders/lib/reduce_subgroup.wgsl?raw';

/** A kernel's WGSL file. `reduce` kernels call wg_sum / wg_max from shaders/lib/reduce_*.wgsl. */
export interface KernelSource {
  readonly name: string;
  readonly code: string;
  readonly reduce?: boolean;
  /** Library files (e.g. shaders/lib/philox.wgsl) the kernel calls; placed before the kernel. */
  readonly libs?: readonly string[];
}

/**
 * The WGSL module for a kernel: the kernel file, preceded by the reduction library that fits the
 * device (WGSL has no #include; module-scope declarations may be used before they appear, so the
 * library simply comes first, which also puts `enable subgroups;` at the top where WGSL wants it).
 */
export function composeShader(source: KernelSource, useSubgroups: boolean): string {
  const parts = [...(source.reduce ? [useSubgroups ? reduceSubgroup : reduceShared] : []), ...(source.libs ?? []), source.code];
  return parts.join('\n');
}
