// The offline classroom app (issue #16; docs/hosting.md): a service worker that precaches the page,
// its workers, onnxruntime-web's wasm, the KaTeX fonts (woff2 only: every browser with service
// workers reads woff2) and the shipped checkpoints, so after one visit the playground works with the
// network off. registerType 'prompt': a new version waits until the user takes it (src/state/pwa.ts);
// a run in progress keeps the files it started with. Registration is ours (injectRegister: false):
// the CSP allows no inline script.
import { VitePWA } from 'vite-plugin-pwa';

/** onnxruntime-web's wasm is about 28 MB; the default limit (2 MiB) would leave it out. */
const MAX_FILE_BYTES = 40 * 2 ** 20;

export function offlineApp() {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    manifest: {
      name: 'RLHF Playground',
      short_name: 'RLHF',
      description: 'Watch RLHF with PPO train tiny language models in the browser.',
      start_url: '.',
      scope: '.',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#1f4e79',
      icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,wasm,woff2,svg}', 'models/**/*.{ckpt,json}'],
      maximumFileSizeToCacheInBytes: MAX_FILE_BYTES,
      // A link with settings (?scenario=…) is the same page: serve the cached index.html offline.
      navigateFallback: 'index.html',
      cleanupOutdatedCaches: true,
    },
  });
}
