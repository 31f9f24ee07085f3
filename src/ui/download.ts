/** Saves text or a blob as a file (a temporary <a download>). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const downloadText = (text: string, filename: string, type: string) => downloadBlob(new Blob([text], { type }), filename);

/**
 * An SVG document (chart-image.ts: title, plot and legend) as a PNG, drawn at 2× so it stays
 * sharp on a projector or a slide.
 */
export async function svgToPng(image: { svg: string; width: number; height: number }, scale = 2): Promise<Blob> {
  const img = new Image();
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(image.svg)}`;
  });
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(image.width * scale);
  canvas.height = Math.ceil(image.height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, image.width, image.height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/** The plot of a recharts chart inside `figure` (not a legend icon, which is an svg.recharts-surface too), serialised at its drawn size. */
export function plotSvgOf(figure: HTMLElement): { plotSvg: string; plotWidth: number; plotHeight: number } | null {
  const svg = figure.querySelector<SVGSVGElement>('.recharts-wrapper > svg.recharts-surface');
  if (!svg) return null;
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.removeAttribute('style');
  return { plotSvg: new XMLSerializer().serializeToString(clone), plotWidth: width, plotHeight: height };
}
