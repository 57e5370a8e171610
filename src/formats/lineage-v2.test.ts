import { describe, expect, it } from 'vitest';
import { lineageContent } from '../../test/fixtures/formats/lineage/content.js';
import { lineageContext } from '../../test/fixtures/formats/lineage/context.js';
import { expectGolden } from '../../test/fixtures/formats/lineage/golden.js';
import { readLineageV2 } from '../../test/site/lineage-readers.js';
import type { Release } from '../model/types.js';
import { LINEAGE_V2_MAX_BYTES, lineageV2, renderLineageV2Builds } from './lineage-v2.js';

const JSON_TYPE = 'application/json; charset=utf-8';

describe('lineage-v2', () => {
  it('renders the golden files', async () => {
    await expectGolden('lineage-v2', lineageV2.render(lineageContent(), await lineageContext()));
  });

  it('never writes null, and omits ota_property_files when unknown', async () => {
    for (const file of lineageV2.render(lineageContent(), await lineageContext())) {
      const text = new TextDecoder().decode(file.bytes);
      expect(text).not.toContain('null');
    }
    const [newest, older] = readLineageV2(
      renderLineageV2Builds(lineageContent(), await lineageContext(), 'alpha').bytes!,
      JSON_TYPE,
    );
    expect(newest?.files[0]?.ota_property_files).toMatch(/^payload_metadata\.bin:/);
    expect(older?.files[0]).not.toHaveProperty('ota_property_files');
  });

  it('keeps the newest builds within 32 KiB', async () => {
    const releases: Release[] = Array.from({ length: 200 }, (_, i) => ({
      file: `releases/alpha/n${i}.yaml`,
      id: `n${i}`,
      device: 'alpha',
      version: '21.0',
      romtype: i % 2 ? 'nightly' : 'stable',
      datetime: 1600000000 + i,
      filename: `lineage-21.0-${i}-signed.zip`,
      url: `https://cdn.example/${i}.zip`,
      sha256: 'a'.repeat(64),
      size: i + 1,
      os_sdk_level: 34,
      os_patch_level: '2023-11-05',
      status: 'published',
    }));
    const file = renderLineageV2Builds(
      { ...lineageContent(), releases },
      await lineageContext(),
      'alpha',
    );
    expect(file.bytes!.length).toBeLessThanOrEqual(LINEAGE_V2_MAX_BYTES);
    const builds = readLineageV2(file.bytes!, JSON_TYPE);
    expect(builds.length).toBeGreaterThan(50);
    expect(builds.length).toBeLessThan(200);
    expect(builds[0]?.datetime).toBe(1600000199);
    expect(builds.at(-1)?.datetime).toBe(1600000200 - builds.length);
  });
});
