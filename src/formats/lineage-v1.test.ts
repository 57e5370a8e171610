import { describe, expect, it } from 'vitest';
import { lineageContent } from '../../test/fixtures/formats/lineage/content.js';
import { lineageContext } from '../../test/fixtures/formats/lineage/context.js';
import { expectGolden } from '../../test/fixtures/formats/lineage/golden.js';
import { readLineageV1 } from '../../test/site/lineage-readers.js';
import type { Release } from '../model/types.js';
import { LINEAGE_V1_MAX_BYTES, lineageV1, renderLineageV1Device } from './lineage-v1.js';

const JSON_TYPE = 'application/json; charset=utf-8';

function manyBuilds(count: number, extra: Partial<Release> = {}): Release[] {
  return Array.from({ length: count }, (_, i) => ({
    file: `releases/alpha/n${i}.yaml`,
    id: `n${String(i).padStart(3, '0')}`,
    device: 'alpha',
    version: '21.0',
    romtype: 'nightly',
    datetime: 1600000000 + i * 86400,
    filename: `lineage-21.0-${i}-nightly-alpha-signed.zip`,
    url: `https://cdn.example/alpha/lineage-21.0-${i}-nightly-alpha-signed.zip`,
    sha256: i.toString(16).padStart(64, '0'),
    size: 1000000 + i,
    os_sdk_level: 34,
    os_patch_level: '2023-11-05',
    status: 'published' as const,
    ...extra,
  }));
}

describe('lineage-v1', () => {
  it('renders the golden files', async () => {
    await expectGolden('lineage-v1', lineageV1.render(lineageContent(), await lineageContext()));
  });

  it('keeps the newest builds that fit in 4 KiB, dropping whole entries from the oldest', async () => {
    const content = { ...lineageContent(), releases: manyBuilds(40) };
    const file = renderLineageV1Device(content, await lineageContext(), 'alpha', 'nightly');
    expect(file.bytes!.length).toBeLessThanOrEqual(LINEAGE_V1_MAX_BYTES);
    const entries = readLineageV1(file.bytes!, JSON_TYPE);
    expect(entries.length).toBeGreaterThan(5);
    expect(entries.length).toBeLessThan(40);
    // Exactly the newest ones, in order.
    expect(entries.map((e) => e.datetime)).toEqual(
      manyBuilds(40)
        .map((r) => r.datetime)
        .reverse()
        .slice(0, entries.length),
    );
    // One more entry would not have fitted.
    const next = JSON.stringify({ ...entries[0], datetime: 1 }).length + 1;
    expect(file.bytes!.length + next).toBeGreaterThan(LINEAGE_V1_MAX_BYTES);
  });

  it('drops an entry that alone exceeds 4 KiB instead of cutting it', async () => {
    const huge = manyBuilds(1, { url: `https://cdn.example/${'x'.repeat(5000)}.zip` });
    const content = { ...lineageContent(), releases: huge };
    const file = renderLineageV1Device(content, await lineageContext(), 'alpha', 'nightly');
    expect(new TextDecoder().decode(file.bytes)).toBe('{"response":[]}\n');
  });

  it('gives releases stored as GitHub assets a URL only when the repository is known', async () => {
    const asset = manyBuilds(1, { url: undefined, asset: { tag: 'v21 nightly', name: 'a.zip' } });
    const content = { ...lineageContent(), releases: asset };
    const without = readLineageV1(
      renderLineageV1Device(content, await lineageContext(), 'alpha', 'nightly').bytes!,
      JSON_TYPE,
    );
    expect(without).toEqual([]);
    const ctx = await lineageContext({
      releaseAssetBaseUrl: 'https://github.com/o/r/releases/download/',
    });
    const [entry] = readLineageV1(
      renderLineageV1Device(content, ctx, 'alpha', 'nightly').bytes!,
      JSON_TYPE,
    );
    expect(entry?.url).toBe('https://github.com/o/r/releases/download/v21%20nightly/a.zip');
  });
});
