import { describe, expect, it } from 'vitest';
import { findLesson } from '../lessons/registry';
import { embedPanels, parseEmbed, withEmbedParams } from './embed';

describe('embed mode: embed=1, hide=… (issue #16)', () => {
  it('reads the flag and the parts to hide; a bad value is reported and ignored', () => {
    const problems: string[] = [];
    const e = parseEmbed('?embed=1&hide=charts, hyperparams,nope', problems);
    expect(e.embed).toBe(true);
    expect([...e.hide].sort()).toEqual(['charts', 'hyperparams']);
    expect(problems).toEqual([expect.stringMatching(/^hide=nope is not a part of the page \(known: runbar, lesson/)]);
    expect(parseEmbed('?embed=yes', problems).embed).toBe(false);
    expect(problems.at(-1)).toBe('embed=yes is not 1 or 0; using 0');
    expect(parseEmbed('', []).embed).toBe(false);
    // hide= without embed=1 would do nothing: the link hears so, and nothing is hidden.
    const full = parseEmbed('?hide=charts,link', problems);
    expect(full).toEqual({ embed: false, hide: new Set() });
    expect(problems.at(-1)).toBe('hide=charts,link applies only to an embedded page (embed=1); ignored');
  });

  it('shows the panels the lesson\'s steps point at, in the page\'s order, minus the hidden ones', () => {
    const lesson = findLesson('first-look')!;
    const panels = lesson.steps.map((s) => s.panel);
    expect(embedPanels(panels, new Set())).toEqual(['story', 'sampling', 'feedback', 'learning', 'charts']);
    expect(embedPanels(panels, new Set(['story', 'charts']))).toEqual(['sampling', 'feedback', 'learning']);
    expect(embedPanels(null, new Set())).toEqual(['sampling', 'feedback', 'learning', 'charts']);
  });

  it('a rewritten address keeps embed=1 and hide=… (only in embed mode)', () => {
    expect(withEmbedParams('?seed=7&lesson=first-look', { embed: true, hide: new Set(['charts', 'link']) })).toBe('?seed=7&lesson=first-look&embed=1&hide=charts,link');
    expect(withEmbedParams('?seed=7', { embed: true, hide: new Set() })).toBe('?seed=7&embed=1');
    expect(withEmbedParams('?seed=7', { embed: false, hide: new Set(['charts']) })).toBe('?seed=7');
  });
});
