import type { Format, OutputFile } from './format.js';

/**
 * Legato update packs: every pack of `packs/*.yaml`, built beforehand by
 * `preparePacks` (an I/O stage) and handed in through `ctx.packs`, published
 * as the TUF target `packs/<id>.update`, served immutably as its consistent-snapshot copy `packs/<sha256>.<id>.update`. Streamed by the writer,
 * never read into memory here.
 */
export const legatoPacks: Format = {
  id: 'legato-packs',
  description: 'Legato update packs (packs/<sha256>.<name>.update)',
  render(_content, ctx): OutputFile[] {
    return (ctx.packs ?? []).map((pack) => ({
      path: pack.sitePath,
      source: pack.path,
      size: pack.size,
      sha256: pack.sha256,
    }));
  },
};
