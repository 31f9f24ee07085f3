import { readFileSync } from 'node:fs';
import { afterAll, vi } from 'vitest';

/**
 * For proofs that open a worker Session in Node: the session fetches the shipped checkpoints from
 * `…/models/…`; here they come from public/models (a missing file answers 404, as a server would).
 */
export function serveShippedModels(): void {
  vi.stubGlobal('fetch', async (url: string) => {
    const path = new URL(url).pathname.replace(/^\/models\//, 'public/models/');
    try {
      return new Response(readFileSync(path));
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
  afterAll(() => vi.unstubAllGlobals());
}
