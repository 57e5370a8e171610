import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readOtaMetadata } from '../../src/import/ota-metadata.js';
import { mergeBuildFacts } from '../../src/import/ota-build-facts.js';
import { PROJECT_ROOT } from '../commands/example-repo.js';

/** The example releases are what `gitota add-build --path` would write from their zips. */
describe('the example OTA zips state their facts as real OTA zips do', () => {
  it('every example release agrees with its zip: date, SDK and patch level, device, ota_property_files', async () => {
    let checked = 0;
    for (const device of await readdir(join(PROJECT_ROOT, 'releases'))) {
      for (const name of await readdir(join(PROJECT_ROOT, 'releases', device))) {
        const release = parse(
          await readFile(join(PROJECT_ROOT, 'releases', device, name), 'utf8'),
        ) as Record<string, unknown>;
        if (typeof release.path !== 'string') continue;
        const metadata = await readOtaMetadata(join(PROJECT_ROOT, release.path));
        if (!metadata.ok) throw new Error(`${release.path}: ${metadata.reason}`);
        const { facts, diagnostics } = mergeBuildFacts(release.path, metadata.values, { device });
        expect(diagnostics, release.path).toEqual([]);
        expect(facts, release.path).toEqual({
          datetime: release.datetime,
          os_sdk_level: release.os_sdk_level,
          os_patch_level: release.os_patch_level,
          ota_property_files: release.ota_property_files,
        });
        // ota-property-files points at the metadata itself: its bytes are where it says.
        const [, offset, size] = /^metadata:(\d+):(\d+)$/.exec(String(release.ota_property_files))!;
        const zip = await readFile(join(PROJECT_ROOT, release.path));
        expect(
          zip.subarray(Number(offset), Number(offset) + Number(size)).toString('utf8'),
        ).toMatch(/^ota-property-files=metadata:\d+:\d+\n[^]*\npre-device=[^\n]+\n$/);
        checked++;
      }
    }
    expect(checked).toBe(29);
  });
});
