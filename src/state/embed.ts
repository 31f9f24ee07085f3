import { create } from 'zustand';
import type { PanelId } from '../lessons/types';

/**
 * Embed mode (issue #16; docs/hosting.md "Embedding"): `embed=1` shows a compact playground for an
 * iframe — no page chrome, the lesson's panels only — and `hide=` removes parts by name (as
 * TensorFlow Playground's link does). Parsed here, beside parseLink, which ignores these two keys.
 */
export const EMBED_PARTS = ['runbar', 'lesson', 'narration', 'story', 'stages', 'labeler', 'sampling', 'feedback', 'learning', 'inspect', 'charts', 'hyperparams', 'groups', 'dpo', 'link'] as const;
export type EmbedPart = (typeof EMBED_PARTS)[number];

export interface EmbedState {
  embed: boolean;
  hide: ReadonlySet<EmbedPart>;
}

export const useEmbedStore = create<EmbedState>(() => ({ embed: false, hide: new Set() }));

export function parseEmbed(search: string, problems: string[]): EmbedState {
  const q = new URLSearchParams(search);
  const flag = q.get('embed');
  if (flag !== null && flag !== '1' && flag !== '0') problems.push(`embed=${flag} is not 1 or 0; using 0`);
  const hide = new Set<EmbedPart>();
  for (const name of (q.get('hide') ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if ((EMBED_PARTS as readonly string[]).includes(name)) hide.add(name as EmbedPart);
    else problems.push(`hide=${name} is not a part of the page (known: ${EMBED_PARTS.join(', ')}); ignored`);
  }
  const embed = flag === '1';
  // hide= shapes the compact embedded page only; on the full page every part stays, and the link is told so.
  if (!embed && hide.size) {
    problems.push(`hide=${[...hide].join(',')} applies only to an embedded page (embed=1); ignored`);
    return { embed, hide: new Set() };
  }
  return { embed, hide };
}

/** A link written for the current settings (`?…`), with the page's embed=1 and hide=… kept: an embedded page stays embedded when its address is rewritten. */
export function withEmbedParams(query: string, e: EmbedState = useEmbedStore.getState()): string {
  if (!e.embed) return query;
  const q = new URLSearchParams(query);
  q.set('embed', '1');
  if (e.hide.size) q.set('hide', [...e.hide].join(','));
  return `?${q.toString().replace(/%2C/g, ',')}`;
}

/** The panels an embedded lesson shows: the ones its steps point at (in the page's order), or the three phases without a lesson. */
export function embedPanels(lessonPanels: readonly (PanelId | undefined)[] | null, hide: ReadonlySet<EmbedPart>): PanelId[] {
  const order: PanelId[] = ['story', 'narration', 'stages', 'labeler', 'dpo', 'sampling', 'feedback', 'groups', 'learning', 'inspect', 'charts', 'hyperparams'];
  const wanted = new Set<PanelId>(lessonPanels ? lessonPanels.filter((p): p is PanelId => p !== undefined) : ['sampling', 'feedback', 'learning', 'charts']);
  return order.filter((p) => wanted.has(p) && !hide.has(p));
}
