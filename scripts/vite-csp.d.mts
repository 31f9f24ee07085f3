import type { Plugin } from 'vite';
export const CONTENT_SECURITY_POLICY: string;
export function cspMeta(): Plugin;
