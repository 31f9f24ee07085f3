/**
 * Share `i` of `parts` of the range [0, total), in whole multiples of `align`: the same split the
 * helper threads compute (pool-worker.js has a copy, being plain JavaScript without imports).
 */
export default function share(total: number, align: number, parts: number, i: number): [number, number] {
  const units = Math.ceil(total / align);
  const a = Math.floor((units * i) / parts) * align, b = Math.floor((units * (i + 1)) / parts) * align;
  return [Math.min(a, total), Math.min(b, total)];
}
