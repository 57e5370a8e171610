import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGitHubState,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../support/github-api.js';
import { runGitota } from '../commands/example-repo.js';
import { otaZip } from '../support/ota-zip.js';
import {
  createContentRepo,
  git,
  startTestServer,
  runCheckUpdatesJson,
  type CheckUpdatesJson,
  type TestServer,
  knownRelease,
} from './upstream-fixtures.js';

/**
 * `gitota check-updates` for OTA builds: devices (and a channel) naming
 * upstream `watch:` sources — LineageOS API v1 and v2 indexes, a mirror's JSON
 * list, an HTTP directory listing with `.sha256` files, GitHub releases —
 * served by real HTTP servers on 127.0.0.1. New builds become release files;
 * each broken build or upstream is reported and the run goes on.
 */

const NOW = '1900000000';
const T_KNOWN = 1_780_000_000;
const T_NEW = 1_785_578_400;

const metadataOf = (device: string, timestamp: number, patch = '2026-07-05') => ({
  'ota-property-files': 'metadata:59:230',
  'ota-type': 'AB',
  'post-sdk-level': '34',
  'post-security-patch-level': patch,
  'post-timestamp': String(timestamp),
  'pre-device': device,
});
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let server: TestServer;
let github: GitHubStandIn;
let repo: Awaited<ReturnType<typeof createContentRepo>>;
let result: CheckUpdatesJson;
let summary: CheckUpdatesJson['summary'];
let diagnostics: CheckUpdatesJson['diagnostics'];
const zips = new Map<string, Buffer>();

function device(model: string, watch: string): string {
  return `model: ${model}\noem: OnePlus\nname: ${model}\nwatch:\n${watch}`;
}

function serveZip(path: string, bytes: Buffer): Buffer {
  zips.set(path, bytes);
  server.routes.set(path, { body: bytes });
  return bytes;
}

const KNOWN = 'lineage-21.0-20260528-nightly-bacon-signed';

beforeAll(async () => {
  server = await startTestServer();
  const state = createGitHubState('example/cheeseburger-builds');
  github = await startGitHubStandIn(state);
  const u = server.url;
  repo = await createContentRepo({
    'gitota.yaml': [
      'site:',
      '  base_url: https://ota.example.org/',
      '  title: Test',
      'channels:',
      '  nightly:',
      '    approvals: 0',
      '  stable:',
      '    approvals: 0',
      '    watch:',
      '      - kind: json',
      `        url: ${u}/mirror/{device}.json`,
      '',
    ].join('\n'),
    'devices/bacon.yaml': device('bacon', `  - kind: json\n    url: ${u}/api/v1/bacon/nightly\n`),
    'devices/enchilada.yaml': device(
      'enchilada',
      `  - kind: directory\n    url: ${u}/dir/enchilada/\n    match: '^lineage-(?<version>\\d+\\.\\d+)-(?<date>\\d{8})-(?<romtype>\\w+)-enchilada-signed\\.zip$'\n`,
    ),
    'devices/guacamole.yaml': device(
      'guacamole',
      `  - kind: json\n    url: ${u}/api/v2/guacamole/nightly\n`,
    ),
    'devices/cheeseburger.yaml': device(
      'cheeseburger',
      '  - kind: github-releases\n    repository: example/cheeseburger-builds\n    romtype: nightly\n',
    ),
    'devices/sagit.yaml': device('sagit', `  - kind: json\n    url: ${u}/api/v1/sagit/nightly\n`),
    'devices/mido.yaml': device('mido', `  - kind: json\n    url: ${u}/api/v1/mido/nightly\n`),
    'devices/lavender.yaml': device(
      'lavender',
      `  - kind: json\n    url: ${u}/api/v1/lavender/nightly\n`,
    ),
    'devices/oneplus3.yaml': device(
      'oneplus3',
      `  - kind: json\n    url: ${u}/api/v1/oneplus3/nightly\n`,
    ),
    'devices/jasmine.yaml': device(
      'jasmine',
      `  - kind: json\n    url: ${u}/api/v1/jasmine/nightly\n`,
    ),
    [`releases/bacon/${KNOWN}.yaml`]: knownRelease('bacon', KNOWN, T_KNOWN),
  });
  const mirrorEmpty = ['enchilada', 'guacamole', 'cheeseburger', 'sagit', 'mido', 'lavender'];
  for (const d of [...mirrorEmpty, 'oneplus3', 'jasmine'])
    server.routes.set(`/mirror/${d}.json`, { body: '[]', type: 'application/json' });

  // bacon, LineageOS API v1: the known build, an older one, and a new one (no patch level: read from the zip).
  const baconNew = serveZip(
    '/dl/lineage-21.0-20260801-nightly-bacon-signed.zip',
    otaZip(metadataOf('bacon', T_NEW)),
  );
  const v1 = (name: string, datetime: number, bytes: Buffer | undefined) => ({
    datetime,
    filename: `${name}.zip`,
    id: bytes ? sha256(bytes) : 'f'.repeat(64),
    romtype: 'nightly',
    size: bytes?.length ?? 100,
    url: `${u}/dl/${name}.zip`,
    version: '21.0',
  });
  server.routes.set('/api/v1/bacon/nightly', {
    type: 'application/json',
    body: JSON.stringify({
      response: [
        v1('lineage-21.0-20260801-nightly-bacon-signed', T_NEW, baconNew),
        v1(KNOWN, T_KNOWN, undefined),
        v1('lineage-21.0-20260401-nightly-bacon-signed', 1_775_000_000, undefined),
      ],
    }),
  });
  // bacon, the stable channel's mirror: a plain list, every fact given, so the zip is never fetched.
  server.routes.set('/mirror/bacon.json', {
    type: 'application/json',
    body: JSON.stringify([
      {
        filename: 'lineage-21.0-20260715-stable-bacon-signed.zip',
        url: `${u}/never/lineage-21.0-20260715-stable-bacon-signed.zip`,
        sha256: 'b'.repeat(64),
        size: 123456,
        datetime: 1_784_000_000,
        version: '21.0',
        romtype: 'stable',
        os_sdk_level: 34,
        os_patch_level: '2026-07-01',
      },
    ]),
  });

  // enchilada, a directory listing: the zip, its .sha256, an incremental, unrelated links.
  const enchiladaName = 'lineage-22.1-20261101-nightly-enchilada-signed.zip';
  const enchilada = serveZip(
    `/dir/enchilada/${enchiladaName}`,
    otaZip(metadataOf('enchilada', 1_793_500_000, '2026-10-05')),
  );
  server.routes.set(`/dir/enchilada/${enchiladaName}.sha256`, {
    body: `${sha256(enchilada)}  ${enchiladaName}\n`,
  });
  server.routes.set('/dir/enchilada/', {
    type: 'text/html',
    body: [
      '<html><body><h1>Index of /dir/enchilada/</h1>',
      '<a href="../">../</a>',
      `<a href="${enchiladaName}">${enchiladaName}</a>`,
      `<a href="${enchiladaName}.sha256">${enchiladaName}.sha256</a>`,
      `<a href='lineage-22.1-20261101-nightly-enchilada-incremental.zip'>incremental</a>`,
      '<a href=readme.txt>readme</a>',
      '</body></html>',
    ].join('\n'),
  });

  // guacamole, LineageOS API v2: the build's fields, files[] with the zip.
  const guacName = 'lineage-22.1-20261020-nightly-guacamole-signed.zip';
  const guac = serveZip(
    `/dl/${guacName}`,
    otaZip(metadataOf('guacamole', 1_792_500_000, '2026-10-01')),
  );
  server.routes.set('/api/v2/guacamole/nightly', {
    type: 'application/json',
    body: JSON.stringify([
      {
        datetime: 1_792_500_000,
        date: '2026-10-20',
        os_patch_level: '2026-10-01',
        type: 'nightly',
        version: '22.1',
        files: [
          {
            filename: guacName,
            filepath: `/full/guacamole/20261020/${guacName}`,
            sha1: '0'.repeat(40),
            sha256: sha256(guac),
            size: guac.length,
            url: `${u}/dl/${guacName}`,
          },
        ],
      },
    ]),
  });

  // cheeseburger, GitHub releases: digest and size from the API, the rest from the zip.
  const burgerName = 'lineage-21.0-20260901-nightly-cheeseburger-signed.zip';
  const burger = otaZip(metadataOf('cheeseburger', 1_788_000_000));
  zips.set(burgerName, burger);
  state.releases.push({
    id: 1,
    tag: '20260901',
    publishedAt: 1_788_100_000,
    assets: [
      {
        id: 11,
        name: burgerName,
        size: burger.length,
        bytes: burger,
        contentType: 'application/zip',
      },
      {
        id: 12,
        name: 'changelog.txt',
        size: 3,
        bytes: Buffer.from('hi\n'),
        contentType: 'text/plain',
      },
    ],
  });

  // The failures: a zip that is not what its listing says, one for another device, one too large,
  // a listing that never answers, one that is not JSON.
  const sagitName = 'lineage-21.0-20260801-nightly-sagit-signed';
  serveZip(`/dl/${sagitName}.zip`, otaZip(metadataOf('sagit', T_NEW)));
  server.routes.set('/api/v1/sagit/nightly', {
    type: 'application/json',
    body: JSON.stringify({
      response: [{ ...v1(sagitName, T_NEW, undefined), id: 'c'.repeat(64) }],
    }),
  });
  const midoName = 'lineage-21.0-20260801-nightly-mido-signed';
  const mido = serveZip(`/dl/${midoName}.zip`, otaZip(metadataOf('tissot', T_NEW)));
  server.routes.set('/api/v1/mido/nightly', {
    type: 'application/json',
    body: JSON.stringify({ response: [v1(midoName, T_NEW, mido)] }),
  });
  const lavName = 'lineage-21.0-20260801-nightly-lavender-signed';
  serveZip(
    `/dl/${lavName}.zip`,
    otaZip(
      metadataOf('lavender', T_NEW),
      // Hashes do not compress: the zip stays over the limit.
      Array.from({ length: 400 }, (_, i) => sha256(Buffer.from(String(i)))).join(''),
    ),
  );
  server.routes.set('/api/v1/lavender/nightly', {
    type: 'application/json',
    body: JSON.stringify({
      response: [{ ...v1(lavName, T_NEW, undefined), id: undefined, size: undefined }],
    }),
  });
  server.routes.set('/api/v1/oneplus3/nightly', { body: '', hang: true });
  server.routes.set('/api/v1/jasmine/nightly', { body: '<html>maintenance</html>' });

  result = await runCheckUpdatesJson(
    repo.root,
    ['--timeout', '3', '--max-zip-bytes', '8192', '--github-api-url', github.url],
    NOW,
  );
  ({ summary, diagnostics } = result);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await github?.close();
  await repo?.cleanup();
});

const read = (path: string) => readFile(join(repo.root, path), 'utf8');
const releasesOf = async (model: string) =>
  (await readdir(join(repo.root, 'releases', model)).catch(() => [] as string[])).sort();
const outcome = (id: string) => summary.outcomes.find((o) => o.id === id);
const codesOf = (model: string) =>
  diagnostics.filter((d) => d.file === `devices/${model}.yaml`).map((d) => d.code);

describe('check-updates, OTA watch sources', () => {
  it('LineageOS API v1: only the build newer than the known one becomes a release file, its facts from the listing and the zip', async () => {
    const name = 'lineage-21.0-20260801-nightly-bacon-signed';
    expect(await releasesOf('bacon')).toEqual(
      [`${KNOWN}.yaml`, `${name}.yaml`, 'lineage-21.0-20260715-stable-bacon-signed.yaml'].sort(),
    );
    const zip = zips.get(`/dl/${name}.zip`)!;
    expect(await read(`releases/bacon/${name}.yaml`)).toBe(
      [
        '# yaml-language-server: $schema=../../schemas/release.schema.json',
        'device: bacon',
        'version: "21.0"',
        'romtype: nightly',
        `datetime: ${T_NEW}`,
        `filename: ${name}.zip`,
        `url: ${server.url}/dl/${name}.zip`,
        `sha256: ${sha256(zip)}`,
        `size: ${zip.length}`,
        'os_sdk_level: 34',
        'os_patch_level: 2026-07-05',
        'ota_property_files: metadata:59:230',
        '',
      ].join('\n'),
    );
  });

  it("a channel's mirror list that gives every fact: the release is written without fetching the zip", async () => {
    const text = await read('releases/bacon/lineage-21.0-20260715-stable-bacon-signed.yaml');
    expect(text).toContain('romtype: stable\n');
    expect(text).toContain(`sha256: ${'b'.repeat(64)}\nsize: 123456\n`);
    expect(text).toContain('os_patch_level: 2026-07-01\n');
    expect(server.requests.some((r) => r.path.startsWith('/never/'))).toBe(false);
    expect(outcome('bacon')).toMatchObject({ status: 'found' });
  });

  it('a directory listing: the matching zip only, its sha256 checked against the .sha256 beside it', async () => {
    const name = 'lineage-22.1-20261101-nightly-enchilada-signed';
    expect(await releasesOf('enchilada')).toEqual([`${name}.yaml`]);
    const zip = zips.get(`/dir/enchilada/${name}.zip`)!;
    const text = await read(`releases/enchilada/${name}.yaml`);
    // The zip's post-timestamp, not the file name's day.
    expect(text).toContain('version: "22.1"\nromtype: nightly\ndatetime: 1793500000\n');
    expect(text).toContain(`sha256: ${sha256(zip)}\nsize: ${zip.length}\n`);
    expect(text).toContain('os_patch_level: 2026-10-05\n');
    expect(server.requests.some((r) => r.path.includes('incremental'))).toBe(false);
  });

  it('LineageOS API v2: the build of files[], its type as the channel', async () => {
    const name = 'lineage-22.1-20261020-nightly-guacamole-signed';
    expect(await releasesOf('guacamole')).toEqual([`${name}.yaml`]);
    const zip = zips.get(`/dl/${name}.zip`)!;
    const text = await read(`releases/guacamole/${name}.yaml`);
    expect(text).toContain(`sha256: ${sha256(zip)}\nsize: ${zip.length}\n`);
    expect(text).toContain('version: "22.1"\nromtype: nightly\ndatetime: 1792500000\n');
  });

  it("GitHub releases: the zip asset, sha256 from the asset's digest, checked while the zip streams", async () => {
    const name = 'lineage-21.0-20260901-nightly-cheeseburger-signed';
    expect(await releasesOf('cheeseburger')).toEqual([`${name}.yaml`]);
    const zip = zips.get(`${name}.zip`)!;
    const text = await read(`releases/cheeseburger/${name}.yaml`);
    expect(text).toContain(`url: ${github.url}/download/20260901/${name}.zip\n`);
    expect(text).toContain(`sha256: ${sha256(zip)}\nsize: ${zip.length}\n`);
    // The build's own post-timestamp, not the release's publication time.
    expect(text).toContain('datetime: 1788000000\n');
    expect(
      github.requests.some((r) => r.path === '/repos/example/cheeseburger-builds/releases'),
    ).toBe(true);
  });

  it('a zip unlike its listing, one for another device, one over the size limit: reported, nothing added', async () => {
    expect(codesOf('sagit')).toEqual(['GITOTA622']);
    expect(codesOf('mido')).toEqual(['GITOTA623']);
    expect(diagnostics.find((d) => d.file === 'devices/mido.yaml')?.message).toContain(
      'is for tissot (pre-device), not for mido',
    );
    expect(codesOf('lavender')).toEqual(['GITOTA611']);
    for (const model of ['sagit', 'mido', 'lavender']) {
      expect(outcome(model)?.status).toBe('failed');
      expect(await releasesOf(model)).toEqual([]);
    }
  });

  it('an upstream that hangs and one that answers garbage: reported at the watch entry, the run goes on', async () => {
    expect(codesOf('oneplus3')).toEqual(['GITOTA601']);
    expect(codesOf('jasmine')).toEqual(['GITOTA620']);
    const hang = diagnostics.find((d) => d.file === 'devices/oneplus3.yaml');
    expect(hang?.line).toBe(5);
    expect(result.code).toBe(1);
    const counts = Object.fromEntries(
      ['found', 'failed', 'skipped', 'up-to-date'].map((s) => [
        s,
        summary.outcomes.filter((o) => o.status === s).length,
      ]),
    );
    expect(counts).toEqual({ found: 4, failed: 5, skipped: 0, 'up-to-date': 0 });
  });

  it('the release files written validate, and a second run finds nothing new', async () => {
    git(repo.root, ['add', '-A']);
    git(repo.root, ['commit', '-q', '-m', 'new builds']);
    const again = await runCheckUpdatesJson(
      repo.root,
      [
        '--timeout',
        '3',
        '--github-api-url',
        github.url,
        'bacon',
        'enchilada',
        'guacamole',
        'cheeseburger',
      ],
      NOW,
    );
    expect(again.diagnostics).toEqual([]);
    expect(again.summary.outcomes.map((o) => [o.id, o.status])).toEqual([
      ['bacon', 'up-to-date'],
      ['cheeseburger', 'up-to-date'],
      ['enchilada', 'up-to-date'],
      ['guacamole', 'up-to-date'],
    ]);
    expect(again.code).toBe(0);
    const validate = await runGitota(['validate'], repo.root, { SOURCE_DATE_EPOCH: NOW });
    expect(validate.stdout + validate.stderr).toMatch(/0 errors/);
  });
});
