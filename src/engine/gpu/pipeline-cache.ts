import { composeShader, type KernelSource } from './shader-source';

/** Compute pipelines keyed by kernel, entry point, override constants and reduction variant. */
export class PipelineCache {
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  compiled = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly useSubgroups: boolean,
  ) {}

  get(source: KernelSource, entryPoint: string, constants: Record<string, number> = {}): GPUComputePipeline {
    const constKey = Object.keys(constants).sort().map((k) => `${k}=${constants[k]}`).join(',');
    const key = `${source.name}|${entryPoint}|${constKey}`;
    const hit = this.pipelines.get(key);
    if (hit) return hit;
    let module = this.modules.get(source.name);
    if (!module) {
      module = this.device.createShaderModule({ code: composeShader(source, this.useSubgroups), label: source.name });
      this.modules.set(source.name, module);
    }
    const pipeline = this.device.createComputePipeline({
      layout: 'auto',
      label: `${source.name}.${entryPoint}`,
      compute: { module, entryPoint, constants },
    });
    this.compiled += 1;
    this.pipelines.set(key, pipeline);
    return pipeline;
  }
}
