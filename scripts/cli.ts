// What the command-line scripts (train, export-onnx, pretrain-models) share: failing with a message
// and an exit code, strict whole numbers, and creating output folders without Node's recursive
// mkdir (which spins forever on paths such as /proc/foo in Node 20).
//
// Exit codes (README "Scripts"): 0 done; 1 the work itself failed (training diverged, the written
// ONNX file did not verify, an unexpected error); 2 bad arguments or unusable input files.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDecimal } from '../src/engine/rl/setting-value';

export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export type Fail = (message: string, code?: number) => never;

/** `fail(message)` prints "<script>: message" and exits with EXIT_USAGE (or `code`). Declare it `const fail: Fail` (TypeScript narrows only then). */
export function failer(script: string): Fail {
  return (message, code = EXIT_USAGE) => {
    console.error(`${script}: ${message}`);
    process.exit(code);
  };
}

/** A whole number in [lo, hi] written as a plain decimal ("0x10", "1e3x", "" refused); or why not. */
export function parseWhole(raw: string, lo: number, hi: number): { value: number } | { problem: string } {
  const n = parseDecimal(raw);
  if ('problem' in n) return n;
  if (!Number.isInteger(n.value) || n.value < lo || n.value > hi) return { problem: `must be a whole number from ${lo} to ${hi}, got "${raw}"` };
  return n;
}

/**
 * Creates `dir` and its missing parents, one level at a time from the deepest existing ancestor,
 * so a path that cannot be created fails at once with the reason instead of looping.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let p = resolve(dir);
  while (!existsSync(p)) {
    missing.unshift(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  if (existsSync(p) && !statSync(p).isDirectory()) throw new Error(`${p} is not a directory`);
  for (const m of missing) mkdirSync(m);
}

/** Whether two paths name the same file (same device and inode when both exist, else the same absolute path). */
export function sameFile(a: string, b: string): boolean {
  if (existsSync(a) && existsSync(b)) {
    const sa = statSync(a), sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  }
  return resolve(a) === resolve(b);
}
