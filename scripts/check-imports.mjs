// Enforces the import direction of docs/conventions.md §2: ui → state → engine, and inside the engine
// rl → model → {cpu, gpu} → tensor. The engine never touches React, zustand, recharts or the DOM.
// Test files may reach across (a GPU test compares against the CPU reference), so they are exempt
// from the layer rules but not from the no-UI rule.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const UI_PACKAGES = /^(react|react-dom|react-i18next|zustand|recharts)(\/|$)/;
const DOM_USE = /\b(document|window|localStorage)\s*\./;

/** Which engine layers each layer may import (besides itself). */
export const ENGINE_LAYERS = {
  tensor: [],
  cpu: ['tensor'],
  gpu: ['tensor'],
  /** The CPU engine's WebAssembly kernels (wrappers fall back to the cpu/ references). */
  wasm: ['tensor', 'cpu'],
  data: ['tensor'],
  model: ['tensor'],
  /** The two engines: implement model/Backend with the cpu/ ops + rl/ references, or the gpu/ kernels. */
  backends: ['tensor', 'cpu', 'gpu', 'wasm', 'rl', 'model'],
  selfcheck: ['tensor', 'cpu', 'gpu', 'rl', 'model', 'backends', 'data'],
  rl: ['tensor', 'cpu', 'gpu', 'model', 'data'],
  onnx: ['tensor', 'cpu', 'model', 'data'],
  worker: ['tensor', 'cpu', 'gpu', 'model', 'rl', 'data', 'onnx', 'backends', 'pipeline'],
  pipeline: ['tensor', 'cpu', 'gpu', 'model', 'rl', 'data', 'backends'],
};

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

function importsOf(source) {
  const specs = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (let m; (m = re.exec(source)); ) specs.push(m[1] ?? m[2] ?? m[3]);
  return specs;
}

/** Returns a list of human-readable violations for the tree rooted at `root` (the repo). */
export function checkImports(root) {
  const engine = join(root, 'src', 'engine');
  const problems = [];
  for (const file of listFiles(engine)) {
    const rel = relative(engine, file).split(sep);
    const layer = rel.length > 1 ? rel[0] : null;
    const isTest = /\.test\.ts$/.test(file);
    const source = readFileSync(file, 'utf8');
    const shown = relative(root, file);
    if (!isTest && DOM_USE.test(source.replace(/\/\/.*$/gm, ''))) problems.push(`${shown}: the engine must not use the DOM`);
    for (const spec of importsOf(source)) {
      if (UI_PACKAGES.test(spec)) { problems.push(`${shown}: the engine must not import ${spec}`); continue; }
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      const fromEngine = relative(engine, target);
      if (fromEngine.startsWith('..')) {
        const inSrc = relative(join(root, 'src'), target);
        if (!inSrc.startsWith('..')) problems.push(`${shown}: the engine must not import ${spec} (outside src/engine)`);
        continue;
      }
      const targetLayer = fromEngine.split(sep).length > 1 ? fromEngine.split(sep)[0] : null;
      if (isTest || !layer || !targetLayer || targetLayer === layer) continue;
      const allowed = ENGINE_LAYERS[layer];
      if (allowed && !allowed.includes(targetLayer)) problems.push(`${shown}: engine/${layer} must not import engine/${targetLayer} (${spec})`);
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const problems = checkImports(root);
  for (const p of problems) console.error(p);
  if (problems.length) { console.error(`check-imports: ${problems.length} violation(s)`); process.exit(1); }
  console.log('check-imports: engine layering ok');
}
