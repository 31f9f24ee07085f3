import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../scripts/vite-csp.mjs';

/**
 * A plain static host for the bridge spec (issue #16): the built app (dist/) served under a sub-path
 * with the headers docs/hosting.md asks for, and a course page at the root that is NOT cross-origin
 * isolated (as an LMS page is) and embeds the app in an iframe.
 */
export const SUB_PATH = '/course/rlhf/';
const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
};
const APP_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Content-Security-Policy': CONTENT_SECURITY_POLICY };

export function coursePage(embedQuery: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course page</title></head><body>
<h1>Week 5: RLHF</h1><p>Step through one PPO iteration below.</p>
<iframe id="playground" title="RLHF Playground" src="${SUB_PATH}${embedQuery}" width="720" height="640" style="border:1px solid #ccc" allow="cross-origin-isolated"></iframe>
</body></html>`;
}

/** `newVersion()`: from then on sw.js differs by a comment, as after a deploy (the browser then installs it as an update). */
export async function startStaticHost(dist: string, embedQuery: string): Promise<{ url: string; server: Server; newVersion: () => void }> {
  let version = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (path === '/course.html') {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end(coursePage(embedQuery));
        return;
      }
      if (!path.startsWith(SUB_PATH)) {
        res.writeHead(404).end('not here: the app lives under ' + SUB_PATH);
        return;
      }
      const rel = normalize(path.slice(SUB_PATH.length) || 'index.html');
      if (rel.startsWith('..')) return void res.writeHead(403).end();
      try {
        let body: Buffer | string = await readFile(join(dist, rel.endsWith('/') ? `${rel}index.html` : rel));
        if (rel === 'sw.js' && version > 0) body = `${body.toString('utf8')}\n// deployed version ${version}\n`;
        res.writeHead(200, { 'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream', ...APP_HEADERS }).end(body);
      } catch {
        res.writeHead(404, APP_HEADERS).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, newVersion: () => void version++ };
}
