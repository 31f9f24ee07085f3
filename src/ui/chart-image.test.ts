import { describe, expect, it } from 'vitest';
import { chartImageSvg, legendLayout } from './chart-image';

const plot = '<svg class="recharts-surface" width="320" height="170" viewBox="0 0 320 170"><path d="M0 0L10 10"/></svg>';

describe('a chart as one picture (issue #11, defect 1)', () => {
  it('holds the title, the whole plot and every legend entry, larger than the plot alone', () => {
    const legend = [
      { name: 'objective/scores (reward model)', colour: '#1f77b4' },
      { name: 'objective/gold_score', colour: '#d62728', dash: '5 3' },
      { name: 'β <kl_coef> & "right axis"', colour: '#2ca02c' },
    ];
    const img = chartImageSvg({ title: 'Scores and gold score', plotSvg: plot, plotWidth: 320, plotHeight: 170, legend });
    expect(img.width).toBeGreaterThanOrEqual(320);
    expect(img.height).toBeGreaterThan(170 + 22 + 20); // title and at least one legend row
    expect(img.svg).toContain('Scores and gold score');
    expect(img.svg).toContain('objective/scores (reward model)');
    expect(img.svg).toContain('stroke-dasharray="5 3"');
    expect(img.svg).toContain('β &lt;kl_coef&gt; &amp; &quot;right axis&quot;'); // escaped, still well-formed
    expect(img.svg).toMatch(/<svg x="0" y="\d+" class="recharts-surface"/); // the plot, placed under the title
    expect(img.svg.match(/<line /g)).toHaveLength(3);
  });

  it('wraps the legend into rows that fit the width', () => {
    const items = Array.from({ length: 6 }, (_, i) => ({ name: `a rather long series name ${i}`, colour: '#000' }));
    const { at, rows } = legendLayout(items, 320);
    expect(rows).toBeGreaterThan(1);
    for (const [x] of at) expect(x).toBeLessThan(320);
    const img = chartImageSvg({ title: 't', plotSvg: plot, plotWidth: 320, plotHeight: 170, legend: items });
    expect(img.height).toBeGreaterThanOrEqual(170 + 22 + rows * 20);
  });
});
