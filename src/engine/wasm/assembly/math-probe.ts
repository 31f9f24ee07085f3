// exp4 / tanh4 over an array, so the tests can compare them with Math.exp / Math.tanh directly.
import { loadTail, storeTail } from './gelu';
import { exp4, tanh4 } from './fast-math';
import { at } from './mem';

export function exp4Into(out: usize, inp: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) v128.store(at(out, i), exp4(v128.load(at(inp, i))));
  if (n4 < n) storeTail(out, n4, n, exp4(loadTail(inp, n4, n)));
}

export function tanh4Into(out: usize, inp: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) v128.store(at(out, i), tanh4(v128.load(at(inp, i))));
  if (n4 < n) storeTail(out, n4, n, tanh4(loadTail(inp, n4, n)));
}
