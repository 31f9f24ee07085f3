import { z } from 'zod';

// The app runs without eval (its Content-Security-Policy, scripts/vite-csp.mjs). zod would try
// `new Function` once to see whether it may compile its parsers, and that try alone is reported as
// a violation; jitless parses the same way zod falls back to anyway. Imported first by main.tsx.
z.config({ jitless: true });
