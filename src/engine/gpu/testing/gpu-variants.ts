import type { GpuRuntime } from '../runtime';
import { nodeGpu } from './node-gpu';

export interface GpuVariant {
  name: string;
  rt: GpuRuntime;
}

/**
 * The runtimes a kernel test runs on: the subgroup reduction path (where the adapter has
 * subgroups) and the shared-memory path. Empty only outside CI when there is no adapter at all.
 */
export async function gpuVariants(): Promise<GpuVariant[]> {
  const out: GpuVariant[] = [];
  const plain = await nodeGpu({ subgroups: false, timestamps: false });
  if (!plain) return out;
  out.push({ name: 'no-subgroups', rt: plain });
  const sg = await nodeGpu({ subgroups: true });
  if (sg && sg.useSubgroups) out.push({ name: 'subgroups', rt: sg });
  else sg?.destroy();
  return out;
}

export function destroyAll(variants: GpuVariant[]): void {
  for (const v of variants) v.rt.destroy();
}
