import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// Debian's chromium (SwiftShader inside) unless CHROMIUM_PATH says otherwise; `npx playwright
// install` cannot download a browser on our machines.
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
// E2E_PORT: several checkouts can run their browser suites at once without sharing a server.
const port = Number(process.env.E2E_PORT ?? 4173);
const quiet = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  // One retry under CI only: SwiftShader timings vary with machine load; a test that needs its retry
  // is reported as flaky in the summary, never hidden.
  retries: process.env.CI ? 1 : 0,
  // Separate folders for concurrent runs (a second run would otherwise delete the first one's traces).
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results/e2e-artifacts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    // The offline app's service worker would precache ~39 MB in every fresh context; only e2e/bridge.spec.ts allows it.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu\.spec\.ts/,
      use: { launchOptions: { executablePath, args: [...quiet, '--enable-unsafe-webgpu'] } },
    },
    {
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts/,
      use: { launchOptions: { executablePath, args: [...quiet, '--disable-webgpu', '--disable-features=WebGPU,WebGPUService'] } },
    },
  ],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
