// Lets plain Node (scripts, benchmarks, the headless runner under tsx) import `*.wgsl?raw` the way
// Vite does: `node --import tsx --import ./scripts/register-raw.mjs script.ts`.
import { register } from 'node:module';

register('./raw-loader.mjs', import.meta.url);
