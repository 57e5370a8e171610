import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import { CORPUS_DIR } from '../support/corpus.js';
import {
  buildSite,
  makeContentRepository,
  readJson,
  removeTree,
  runGitota,
  snapshotTree,
  writeTree,
} from './import-support.js';

/** Devices of LineageOS's real devices.json (the corpus). */
const DEVICES = ['bacon', 'enchilada', 'oriole'];

interface Build {
  datetime: number;
  filename: string;
  sha256: string;
  size: number;
  url: string;
  version: string;
  romtype: string;
  os_sdk_level: number;
  os_patch_level: string;
  ota_property_files: string;
}

/** Builds of one device the way the LineageOS infrastructure names them: weekly nightlies, newest first. */
function buildsOf(device: string): Build[] {
  const builds: Build[] = [];
  for (let week = 0; week < 4; week++) {
    const datetime = 1790000000 - week * 7 * 86400;
    const day = new Date(datetime * 1000).toISOString().slice(0, 10).replaceAll('-', '');
    const version = week < 2 ? '22.1' : '21.0';
    const filename = `lineage-${version}-${day}-nightly-${device}-signed.zip`;
    builds.push({
      datetime,
      filename,
      sha256: createHash('sha256').update(filename).digest('hex'),
      size: 1_100_000_000 + week * 1234,
      url: `https://mirrorbits.lineageos.org/full/${device}/${day}/${filename}`,
      version,
      romtype: 'nightly',
      os_sdk_level: week < 2 ? 35 : 34,
      os_patch_level: week < 2 ? '2026-09-05' : '2026-08-05',
      ota_property_files: `payload_metadata.bin:2620:66542,payload.bin:2620:1188493596,payload_properties.txt:1188496274:154,metadata:69:1237`,
    });
  }
  return builds;
}

/** v1 as the Flask backend's jsonify writes it: {"response": [...]}, keys sorted, seven per entry. */
function v1Json(builds: Build[]): string {
  const response = builds.map((b) => ({
    datetime: b.datetime,
    filename: b.filename,
    id: b.sha256,
    romtype: b.romtype,
    size: b.size,
    url: b.url,
    version: b.version,
  }));
  return JSON.stringify({ response }, null, 2);
}

/** v2: a list of builds, keys sorted, the OTA zip first in `files`. */
function v2Json(builds: Build[]): string {
  return JSON.stringify(
    builds.map((b) => ({
      datetime: b.datetime,
      files: [
        {
          filename: b.filename,
          os_patch_level: b.os_patch_level,
          os_sdk_level: b.os_sdk_level,
          ota_property_files: b.ota_property_files,
          sha256: b.sha256,
          size: b.size,
          url: b.url,
        },
      ],
      os_patch_level: b.os_patch_level,
      os_sdk_level: b.os_sdk_level,
      type: b.romtype,
      version: b.version,
    })),
  );
}

describe('gitota import lineage-builds: the updater API round trip', () => {
  let root: string;
  let served: string;
  let server: StaticServer;
  beforeAll(async () => {
    root = await makeContentRepository();
    const all = JSON.parse(
      await readFile(join(CORPUS_DIR, 'lineageos/devices.json'), 'utf8'),
    ) as Array<{ model: string }>;
    await writeTree(root, {
      'devices.json': JSON.stringify(all.filter((d) => DEVICES.includes(d.model))),
    });
    const devices = await runGitota(['import', 'lineage-devices', 'devices.json'], root);
    expect(devices.code, devices.stderr).toBe(0);
    served = await mkdtemp(join(tmpdir(), 'gitota-lineage-api-'));
    const files: Record<string, string> = {};
    for (const device of DEVICES) {
      files[`api/v1/${device}/nightly.json`] = v1Json(buildsOf(device));
      files[`api/v2/devices/${device}/builds.json`] = v2Json(buildsOf(device));
    }
    await writeTree(served, files);
    server = await startStaticServer({ dir: served });
  });
  afterAll(async () => {
    await server?.close();
    await removeTree(root);
    await removeTree(served);
  });

  it('imports v1 and v2 by URL (device from the path), and a build gives the same JSON back, key for key', async () => {
    const urls = DEVICES.flatMap((d) => [
      `${server.url}api/v1/${d}/nightly.json`,
      `${server.url}api/v2/devices/${d}/builds.json`,
    ]);
    const first = await runGitota(['import', 'lineage-builds', ...urls], root);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^(wrote releases\/.*\n){12}12 files written, 0 already up to date\n$/,
    );
    expect((await readdir(join(root, 'releases/bacon'))).sort()).toEqual(
      buildsOf('bacon')
        .map((b) => b.filename.replace('.zip', '.yaml'))
        .sort(),
    );
    const validate = await runGitota(['validate'], root);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);

    const site = await buildSite(root);
    try {
      for (const device of DEVICES) {
        expect(await readJson(join(site, `api/v1/${device}/nightly.json`))).toEqual(
          JSON.parse(v1Json(buildsOf(device))),
        );
        expect(await readJson(join(site, `api/v2/devices/${device}/builds.json`))).toEqual(
          JSON.parse(v2Json(buildsOf(device))),
        );
      }
    } finally {
      await removeTree(site);
    }
  });

  it('is idempotent: importing the same answers again changes nothing', async () => {
    const before = await snapshotTree(root);
    const again = await runGitota(
      [
        'import',
        'lineage-builds',
        ...DEVICES.map((d) => join(served, `api/v2/devices/${d}/builds.json`)),
      ],
      root,
    );
    expect(again.stdout).toBe('0 files written, 12 already up to date\n');
    expect(again.code).toBe(0);
    expect(await snapshotTree(root)).toEqual(before);
  });

  it('v1 alone needs the levels, given with -d and --os-sdk-level/--os-patch-level', async () => {
    const fresh = await makeContentRepository();
    try {
      await writeTree(fresh, {
        'devices/bacon.yaml': 'model: bacon\noem: OnePlus\nname: One\n',
        'nightly.json': v1Json(buildsOf('bacon')),
      });
      const refused = await runGitota(
        ['import', 'lineage-builds', 'nightly.json', '-d', 'bacon'],
        fresh,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        'nightly.json:3:5: error GITOTA653 build 0 of nightly.json: lineage-22.1-20260921-nightly-bacon-signed.zip has no SDK or security patch level',
      );
      const ok = await runGitota(
        [
          'import',
          'lineage-builds',
          'nightly.json',
          '-d',
          'bacon',
          '--os-sdk-level',
          '35',
          '--os-patch-level',
          '2026-09-05',
        ],
        fresh,
      );
      expect(ok.code, ok.stderr).toBe(0);
      expect(
        await readFile(
          join(fresh, 'releases/bacon/lineage-22.1-20260921-nightly-bacon-signed.yaml'),
          'utf8',
        ),
      ).toBe(
        [
          '# yaml-language-server: $schema=../../schemas/release.schema.json',
          'device: bacon',
          'version: "22.1"',
          'romtype: nightly',
          'datetime: 1790000000',
          'filename: lineage-22.1-20260921-nightly-bacon-signed.zip',
          'url: https://mirrorbits.lineageos.org/full/bacon/20260921/lineage-22.1-20260921-nightly-bacon-signed.zip',
          `sha256: ${buildsOf('bacon')[0]!.sha256}`,
          'size: 1100000000',
          'os_sdk_level: 35',
          'os_patch_level: 2026-09-05',
          '',
        ].join('\n'),
      );
    } finally {
      await removeTree(fresh);
    }
  });
});
