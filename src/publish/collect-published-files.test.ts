import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lineageContent, RELEASES } from '../../test/fixtures/formats/lineage/content.js';
import { createRepoFiles } from '../load/create-repo-files.js';
import type { Content } from '../model/types.js';
import { collectPublishedFiles } from './collect-published-files.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gitota-paths-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function withTomTom(content: Content): Content {
  return {
    ...content,
    packageLists: [
      {
        file: 'package-lists/A.yaml',
        name: 'A',
        schema: '1',
        packages: [
          { name: 'maps', path: 'maps/europe.ttpkg', version: '1' },
          { name: 'remote', path: 'https://cdn.example/x.ttpkg', version: '1' },
          { name: 'per-device', path: '{hw-id}/y.ttpkg', version: '1' },
          { name: 'absent', path: 'not/here.ttpkg', version: '1' },
        ],
      },
    ],
    updateLocations: [
      { file: 'update-locations/fleet.yaml', name: 'fleet', schema: '2', uris: [{ list: 'A' }] },
      { file: 'update-locations/lab.yaml', name: 'lab', schema: '2', uris: [{ list: 'A' }] },
    ],
  };
}

describe('published paths', () => {
  it('publishes repository zips and TomTom payloads under every list that names them', async () => {
    await mkdir(join(root, 'files/alpha'), { recursive: true });
    await writeFile(join(root, 'files/alpha/a1.zip'), 'x'.repeat(11));
    await mkdir(join(root, 'package-lists/A/maps'), { recursive: true });
    await writeFile(join(root, 'package-lists/A/maps/europe.ttpkg'), 'map');
    const result = await collectPublishedFiles(
      withTomTom(lineageContent(root)),
      createRepoFiles(root),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.files.map((f) => [f.path, f.source?.slice(root.length), f.size])).toEqual([
      ['builds/alpha/lineage-21.0-20231114-nightly-alpha-signed.zip', '/files/alpha/a1.zip', 11],
      ['tomtom/fleet/maps/europe.ttpkg', '/package-lists/A/maps/europe.ttpkg', 3],
      ['tomtom/lab/maps/europe.ttpkg', '/package-lists/A/maps/europe.ttpkg', 3],
    ]);
    expect(result.published.get('package-lists/A/maps/europe.ttpkg')).toBe(
      'tomtom/fleet/maps/europe.ttpkg',
    );
  });

  it('reports a missing repository file and two files claiming one site path', async () => {
    const content = lineageContent(root);
    const a1 = RELEASES.find((r) => r.id === 'a1')!;
    content.releases = [
      ...content.releases,
      { ...a1, id: 'twin', file: 'releases/alpha/twin.yaml', path: 'files/alpha/twin.zip' },
    ];
    await mkdir(join(root, 'files/alpha'), { recursive: true });
    await writeFile(join(root, 'files/alpha/twin.zip'), 'x'.repeat(11));
    const result = await collectPublishedFiles(content, createRepoFiles(root));
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['GITOTA400', 'releases/alpha/a1.yaml'],
      ['GITOTA402', 'releases/alpha/twin.yaml'],
    ]);
  });
});
