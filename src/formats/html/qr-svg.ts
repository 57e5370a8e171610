import { encode } from 'uqr';
import { escapeHtml } from './escape-html.js';

/**
 * The longest text drawn as a QR code. The F-Droid address is the site's base URL
 * plus 89 characters; a base URL long enough to pass this is not scanned from a
 * phone screen anyway, and a bound keeps the encoder from throwing on hostile config.
 */
export const QR_MAX_BYTES = 512;

/**
 * `text` as an inline SVG QR code (error correction M, a 4-module quiet zone),
 * or undefined when it is longer than QR_MAX_BYTES. One path of horizontal runs,
 * black on white whatever the colour scheme, so every scanner reads it; the
 * encoder picks its mask deterministically, so the same text gives the same bytes.
 */
export function renderQrSvg(text: string, label: string): string | undefined {
  if (new TextEncoder().encode(text).length > QR_MAX_BYTES) return undefined;
  const qr = encode(text, { ecc: 'M', border: 4 });
  const runs: string[] = [];
  qr.data.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      runs.push(`M${start} ${y}h${x - start}v1h-${x - start}z`);
    }
  });
  const n = qr.size;
  return `<svg class="qr" viewBox="0 0 ${n} ${n}" width="${n * 4}" height="${n * 4}" role="img" aria-label="${escapeHtml(label)}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#fff"/><path fill="#000" d="${runs.join('')}"/></svg>`;
}
