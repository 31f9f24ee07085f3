/**
 * A chart as one picture for slides and reports: its title, the plot (the chart's own <svg>,
 * axes and labels included) and its legend, on white. Built as one SVG document, which
 * download.ts rasterises; written without the DOM so it can be tested in Node.
 */
export interface LegendItem {
  name: string;
  colour: string;
  /** SVG stroke-dasharray of the line (dashed series), if any. */
  dash?: string;
  /** A glyph instead of a line (scatter plots: ●, ✕, ▲▼). */
  marker?: string;
}

export interface ChartImage {
  svg: string;
  width: number;
  height: number;
}

const PAD = 12, TITLE = 22, ROW = 20, FONT = 13;
/** Average glyph width of the 13 px sans-serif used for the legend (CJK glyphs are wider). */
const glyph = (ch: string) => (ch.charCodeAt(0) > 0x2e80 ? FONT : FONT * 0.6);
const textWidth = (s: string) => [...s].reduce((w, ch) => w + glyph(ch), 0);

export const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Legend items laid out in rows that fit `width`: [x, y] of each item's swatch. */
export function legendLayout(items: readonly LegendItem[], width: number): { at: [number, number][]; rows: number } {
  const at: [number, number][] = [];
  let x = PAD, row = 0;
  for (const it of items) {
    const w = 30 + textWidth(it.name) + 18;
    if (x > PAD && x + w > width - PAD) { x = PAD; row++; }
    at.push([x, row]);
    x += w;
  }
  return { at, rows: items.length ? row + 1 : 0 };
}

/**
 * One SVG with the title on top, the plot (`plotSvg`: a serialised <svg> of plotWidth × plotHeight)
 * in the middle and the legend below it.
 */
export function chartImageSvg(o: { title: string; plotSvg: string; plotWidth: number; plotHeight: number; legend: readonly LegendItem[] }): ChartImage {
  const width = Math.ceil(Math.max(o.plotWidth, textWidth(o.title) + 2 * PAD));
  const { at, rows } = legendLayout(o.legend, width);
  const top = PAD + TITLE;
  const legendTop = top + o.plotHeight + 8;
  const height = Math.ceil(legendTop + rows * ROW + PAD);
  const legend = o.legend.map((it, i) => {
    const [x, row] = at[i];
    const y = legendTop + row * ROW + ROW / 2;
    const dash = it.dash ? ` stroke-dasharray="${escapeXml(it.dash)}"` : '';
    const swatch = it.marker
      ? `<text x="${x + 12}" y="${y + FONT * 0.35}" font-size="${FONT}" text-anchor="middle" fill="${escapeXml(it.colour)}">${escapeXml(it.marker)}</text>`
      : `<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${escapeXml(it.colour)}" stroke-width="2.5"${dash}/>`;
    return swatch
      + `<text x="${x + 30}" y="${y + FONT * 0.35}" font-size="${FONT}" fill="#1b1f24">${escapeXml(it.name)}</text>`;
  }).join('');
  // The plot keeps its own coordinate system inside a nested <svg> placed under the title.
  const plot = o.plotSvg.replace(/^<svg\b/, `<svg x="0" y="${top}"`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans CJK SC', sans-serif">`
    + `<rect width="100%" height="100%" fill="#fff"/>`
    + `<text x="${PAD}" y="${PAD + 15}" font-size="16" font-weight="600" fill="#1b1f24">${escapeXml(o.title)}</text>`
    + plot + legend + '</svg>';
  return { svg, width, height };
}
