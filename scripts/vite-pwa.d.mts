import type { Plugin } from 'vite';
export function offlineApp(): Plugin[];
