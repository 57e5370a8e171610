import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import {
  buildSite,
  makeContentRepository,
  readJson,
  removeTree,
  runGitota,
  snapshotTree,
  writeTree,
} from './import-support.js';

/** The seed's "Base content" package-list (tomtom-bridge-package-lists.txt), as the device reads it. */
const BASE_CONTENT = {
  schema: '1',
  release: {
    title: 'Base content',
    version: '15.1.01',
    notes: '<b>TomTom Bridge</b><br/>Voice: Serena<br/>Map: Europe',
  },
  packages: [
    {
      name: 'voices.eng.serena.dri80.sam',
      path: 'TTS/voices.eng.serena.dri80.sam_20120327_arm.ttpkg',
      version: '20120327',
    },
    { name: 'europe', path: 'maps/europe_926.5515_arm.ttpkg', version: '926.5515' },
    { name: 'PackageName', path: 'packagename.apk', version: '10' },
  ],
};

/** The seed's system update with a runtime permissions whitelist in special_packages. */
const SYSTEM_UPDATE = {
  schema: '1',
  release: {
    title: 'System Update',
    version: '18.520.1179.033e0e4.135',
    notes: 'This update will trigger a reboot.',
  },
  packages: [
    {
      name: 'system-update',
      path: 'https://server/latest/{hw-id}/system-update-314.ttpkg',
      version: '3.14',
      reboot: 'true',
    },
  ],
  special_packages: [
    {
      name: 'always-grant-permissions-upon-request',
      path: 'https://server/runtimepermissionswhitelist.txt',
      version: '2',
    },
  ],
};

/** The seed's externally managed package, in its own list. */
const KEEP_LOCAL = { schema: '1', packages: [{ name: 'PackageName', externally_managed: 'true' }] };

/** The seed's schema-2 update-locations (optional lists, files on the SD card), pointing at the lists above on the site. */
function updateLocations(base: string): Record<string, unknown> {
  return {
    schema: '2',
    files: [
      { file: 'folder_on_sd_root/package-list-example1', optional: 'false' },
      { file: 'latest/{hw-id}/default/package-list', optional: 'true' },
    ],
    uris: [
      { uri: `${base}tomtom/fleet/package-list.base-content`, optional: 'false' },
      { uri: `${base}tomtom/fleet/package-list.system-update` },
      { uri: `${base}tomtom/fleet/package-list.keep-local`, optional: 'true' },
      { uri: 'https://server/specific/{muid}/package-list', optional: 'true' },
    ],
    update_scan_interval: '2',
  };
}

const SITE = 'https://ota.example.org/';

describe('gitota import tomtom: the device JSON round trip', () => {
  let root: string;
  let served: string;
  let server: StaticServer;
  beforeAll(async () => {
    root = await makeContentRepository();
    served = await mkdtemp(join(tmpdir(), 'gitota-tomtom-'));
    await writeTree(served, {
      'fleet/update-locations': JSON.stringify(updateLocations(SITE), null, 2),
      'fleet/package-list.base-content': JSON.stringify(BASE_CONTENT, null, 2),
      'fleet/package-list.system-update': JSON.stringify(SYSTEM_UPDATE, null, 2),
      'fleet/package-list.keep-local': JSON.stringify(KEEP_LOCAL),
      'fleet/TTS/voices.eng.serena.dri80.sam_20120327_arm.ttpkg': 'voice\n',
      'fleet/maps/europe_926.5515_arm.ttpkg': 'map\n',
      'fleet/packagename.apk': 'apk\n',
    });
    server = await startStaticServer({ dir: served });
  });
  afterAll(async () => {
    await server?.close();
    await removeTree(root);
    await removeTree(served);
  });

  it('imports the files by URL with their payloads, and a build writes the same JSON, key for key', async () => {
    const names = [
      'update-locations',
      'package-list.base-content',
      'package-list.system-update',
      'package-list.keep-local',
    ];
    const result = await runGitota(
      ['import', 'tomtom', ...names.map((n) => `${server.url}fleet/${n}`)],
      root,
    );
    // The seed's 2-minute interval is valid, and gitota says what it costs.
    expect(result.stderr).toMatch(
      /^update-locations\/fleet\.yaml:16:23: warning GITOTA163 update_scan_interval 2: [^\n]*\n {4}hint: [^\n]*\n$/,
    );
    expect(result.code).toBe(0);
    expect(
      result.stdout
        .split('\n')
        .filter((l) => l.startsWith('wrote'))
        .sort(),
    ).toEqual(
      [
        'package-lists/base-content.yaml',
        'package-lists/base-content/TTS/voices.eng.serena.dri80.sam_20120327_arm.ttpkg',
        'package-lists/base-content/maps/europe_926.5515_arm.ttpkg',
        'package-lists/base-content/packagename.apk',
        'package-lists/keep-local.yaml',
        'package-lists/system-update.yaml',
        'update-locations/fleet.yaml',
      ].map((p) => `wrote ${p}`),
    );
    expect(await readFile(join(root, 'update-locations/fleet.yaml'), 'utf8')).toContain(
      'uris:\n  - list: base-content\n    optional: "false"\n',
    );

    const site = await buildSite(root, SITE);
    try {
      expect(await readJson(join(site, 'tomtom/fleet/update-locations'))).toEqual(
        updateLocations(SITE),
      );
      expect(await readJson(join(site, 'tomtom/fleet/package-list.base-content'))).toEqual(
        BASE_CONTENT,
      );
      expect(await readJson(join(site, 'tomtom/fleet/package-list.system-update'))).toEqual(
        SYSTEM_UPDATE,
      );
      expect(await readJson(join(site, 'tomtom/fleet/package-list.keep-local'))).toEqual(
        KEEP_LOCAL,
      );
      expect(
        await readFile(join(site, 'tomtom/fleet/maps/europe_926.5515_arm.ttpkg'), 'utf8'),
      ).toBe('map\n');
    } finally {
      await removeTree(site);
    }
  });

  it('is idempotent: the same files again, from disk this time, change nothing', async () => {
    const before = await snapshotTree(root);
    const again = await runGitota(
      [
        'import',
        'tomtom',
        join(served, 'fleet/update-locations'),
        join(served, 'fleet/package-list.base-content'),
        join(served, 'fleet/package-list.system-update'),
        join(served, 'fleet/package-list.keep-local'),
      ],
      root,
    );
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe('0 files written, 7 already up to date\n');
    expect(await snapshotTree(root)).toEqual(before);
  });
});
