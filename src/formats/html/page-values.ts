/** How the pages write sizes and dates: fixed formats, UTC, no locale, so bytes never vary. */

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

/** `1234567890` → `1.15 GiB (1,234,567,890 bytes)`. */
export function formatSize(bytes: number): string {
  const exact = `${groupDigits(bytes)} bytes`;
  if (bytes < 1024) return exact;
  let value = bytes;
  let unit = '';
  for (const u of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = u;
  }
  return `${value.toFixed(2)} ${unit} (${exact})`;
}

function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Unix seconds → `2025-03-01`. */
export function formatDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** Unix seconds → `2025-03-01 14:05 UTC`. */
export function formatDateTime(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** `<time>` element with a machine-readable value. */
export function renderTime(seconds: number, withTime = false): string {
  const iso = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  return `<time datetime="${iso}">${withTime ? formatDateTime(seconds) : formatDate(seconds)}</time>`;
}
