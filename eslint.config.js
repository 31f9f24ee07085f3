import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  // src/engine/wasm/assembly: AssemblyScript (compiled by scripts/wasm-build.mjs, not by tsc).
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**', 'src/engine/wasm/assembly/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The engine is framework-free (docs/conventions.md §2): no React, zustand, recharts or the DOM.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react', 'react-*', 'zustand', 'zustand/*', 'recharts', '**/ui/**', '**/state/**'] }],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage'],
    },
  },
);
