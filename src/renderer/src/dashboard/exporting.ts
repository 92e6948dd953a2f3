/**
 * Chart exports. CSV cells go through the same formula-injection guard as the appeals register;
 * PNG draws the chart's SVG on a white canvas at twice its size, with the title above it.
 */
import { csvLine } from '@shared/appeals';

function download(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export type CsvRow = (string | number | boolean | null | undefined)[];

export function downloadCsv(fileName: string, header: string[], rows: CsvRow[]): void {
  const text = [csvLine(header), ...rows.map((r) => csvLine(r))].join('\r\n');
  // The byte-order mark makes Excel read the file as UTF-8.
  download(fileName, new Blob([`\uFEFF${text}\r\n`], { type: 'text/csv' }));
}

export async function downloadPng(
  fileName: string,
  svg: SVGSVGElement,
  title: string,
): Promise<void> {
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('font-family', 'Arial, Helvetica, sans-serif');
  const data = new XMLSerializer().serializeToString(clone);
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(data)}`;
  await loaded;
  const scale = 2;
  const titleHeight = 36;
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = (height + titleHeight) * scale;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('This browser cannot draw images.');
  g.scale(scale, scale);
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height + titleHeight);
  g.fillStyle = '#1f2430';
  g.font = '600 16px Arial, Helvetica, sans-serif';
  g.fillText(title, 12, 24);
  g.drawImage(image, 0, titleHeight, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The chart could not be saved as an image.');
  download(fileName, blob);
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
