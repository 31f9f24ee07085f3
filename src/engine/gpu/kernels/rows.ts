import columnsCode from '../../../../shaders/columns.wgsl?raw';
import gatherCode from '../../../../shaders/gather_rows.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const GATHER_ROWS_SOURCE: KernelSource = { name: 'gather_rows', code: gatherCode };
export const COLUMNS_SOURCE: KernelSource = { name: 'columns', code: columnsCode };

function need(what: string, views: [GpuView, number, string][]): void {
  for (const [v, n, name] of views) if (v.length < n) throw new RangeError(`${what}: ${name} has ${v.length} elements, needs ${n}`);
}

/** out[r, :] = inp[idx[r], :] (32-bit words: floats or tokens). */
export function gatherRows(rec: Recorder, out: GpuView, inp: GpuView, idx: GpuView, rows: number, rowLen: number): void {
  need('gatherRows', [[out, rows * rowLen, 'out'], [idx, rows, 'idx']]);
  const [x, y] = grid(Math.ceil((rows * rowLen) / 64));
  rec.dispatch({ source: GATHER_ROWS_SOURCE, entryPoint: 'main' }, [inp, idx, out], params().u32(rows).u32(rowLen).done(), [x, y]);
}

/** out (B,T) = inp (B,S)[:, start : start+T]. */
export function sliceColumns(rec: Recorder, out: GpuView, inp: GpuView, B: number, T: number, S: number, start: number): void {
  if (start + T > S) throw new RangeError(`sliceColumns: start ${start} + T ${T} > S ${S}`);
  need('sliceColumns', [[out, B * T, 'out'], [inp, B * S, 'inp']]);
  rec.dispatch({ source: COLUMNS_SOURCE, entryPoint: 'slice' }, [inp, undefined, out], params().u32(B).u32(T).u32(S).u32(start).done(), [Math.ceil((B * T) / 64)]);
}

/** out (B,S)[:, start : start+T] += inp (B,T). */
export function scatterColumns(rec: Recorder, out: GpuView, inp: GpuView, B: number, T: number, S: number, start: number): void {
  if (start + T > S) throw new RangeError(`scatterColumns: start ${start} + T ${T} > S ${S}`);
  need('scatterColumns', [[out, B * S, 'out'], [inp, B * T, 'inp']]);
  rec.dispatch({ source: COLUMNS_SOURCE, entryPoint: 'scatter' }, [inp, undefined, out], params().u32(B).u32(T).u32(S).u32(start).done(), [Math.ceil((B * T) / 64)]);
}

/** out (B)[b] = inp (B,S)[b, idx[b]]. */
export function gatherAt(rec: Recorder, out: GpuView, inp: GpuView, idx: GpuView, B: number, S: number): void {
  need('gatherAt', [[out, B, 'out'], [inp, B * S, 'inp'], [idx, B, 'idx']]);
  rec.dispatch({ source: COLUMNS_SOURCE, entryPoint: 'gather_at' }, [inp, idx, out], params().u32(B).u32(0).u32(S).u32(0).done(), [Math.ceil(B / 64)]);
}

/** out (B,S)[b, idx[b]] += inp (B)[b]. */
export function scatterAt(rec: Recorder, out: GpuView, inp: GpuView, idx: GpuView, B: number, S: number): void {
  need('scatterAt', [[out, B * S, 'out'], [inp, B, 'inp'], [idx, B, 'idx']]);
  rec.dispatch({ source: COLUMNS_SOURCE, entryPoint: 'scatter_at' }, [inp, idx, out], params().u32(B).u32(0).u32(S).u32(0).done(), [Math.ceil(B / 64)]);
}
