// The Content-Security-Policy the built app runs under (docs: README "Hosting").
//   script-src 'self' 'wasm-unsafe-eval': our bundles only; WebAssembly (the CPU engine's kernels,
//     onnxruntime-web) may compile, but no eval or new Function;
//   worker-src 'self': the engine worker and the CPU engine's helper threads are files of the app;
//   style-src 'unsafe-inline': KaTeX's formulas carry style attributes in the HTML it returns;
//   img-src data: blob:: charts become PNGs through a data: SVG image; downloads use blob: URLs;
//   connect-src 'self': the shipped checkpoints and onnxruntime's .wasm come from the app itself.
// The app downloads nothing from anywhere else. Set as a <meta> in the built index.html (works on any
// static host for the page) and as a header by `vite preview` — a meta tag does not reach workers,
// which get the policy of their own response, so a host should send the header too.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Vite plugin: the policy as the first <meta> of the built index.html (the dev server, with its inline HMR preamble, goes without). */
export function cspMeta() {
  return {
    name: 'rlhf-csp-meta',
    apply: 'build',
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }];
    },
  };
}
