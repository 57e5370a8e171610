import { describe, expect, it } from 'vitest';
import { findErrors, parseYaml, type SchemaName } from './schema-support.js';

/** One valid document per schema, written as a contributor would write it. */
const GOOD: Record<Exclude<SchemaName, 'app'>, string> = {
  gitota: `
site:
  base_url: https://updates.example.org/
  title: Example updates
channels:
  nightly:
    approvals: 0
  stable:
    description: Monthly builds
    approvals: 2
    approvers:
      users: [alice, bob-smith]
      teams: [example/release-managers]
limits:
  max_file_bytes: 4194304
tuf:
  expires: { root: 31536000, timestamp: 86400 }
  delegation: bins
  bins: 64
retention: { metadata_versions: 5 }
fdroid: { name: Example F-Droid, archive_policy: 3, icon: assets/icon.png }
manifest: { expires: 604800 }
`,
  device: `
model: bacon
oem: OnePlus
name: One
has_recovery: true
lineage_recovery: true
hardware:
  hw-id: bridge
  hw-sku-id: HA
  legato-target: wp76xx
`,
  release: `
device: bacon
version: '21.0'
romtype: nightly
datetime: 1714953600
filename: lineage-21.0-20240506-nightly-bacon-signed.zip
url: https://downloads.example.org/bacon/lineage-21.0-20240506-nightly-bacon-signed.zip
sha256: 5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef
size: 1073741824
md5: 0f80ec88915e8d02f13cfe83d05f4a05
os_sdk_level: 34
os_patch_level: 2024-05-05
rollout:
  steps:
    - { percent: 10, start: 1714953600 }
    - { percent: 100, start: 1715558400 }
  salt: may-2024
status: published
`,
  'app-versions': `
versions:
  - versionCode: 42
    versionName: '1.10'
    apkName: org.example.app_42.apk
    path: apps/org.example.app/org.example.app_42.apk
    sha256: 5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef
    size: 123456
    minSdkVersion: 21
    targetSdkVersion: 34
    signer: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    nativecode: [arm64-v8a, armeabi-v7a]
    permissions:
      - name: android.permission.INTERNET
      - name: android.permission.WRITE_EXTERNAL_STORAGE
        maxSdkVersion: 28
    added: 1714953600
    releaseChannels: [Beta]
`,
  'package-list': `
schema: '1'
release:
  title: Base content
  version: 15.1.01
  notes: <b>TomTom Bridge</b><br/>Voice Serena
packages:
  - name: system-update
    path: https://server/latest/{hw-id}/system-update-314.ttpkg
    version: '3.14'
    reboot: 'true'
  - name: europe
    path: maps/europe_926.5515_arm.ttpkg
    version: '926.5515'
    networks_for_download: [wifi]
  - { name: package-3, path: package-3.apk, version: '1', exclude: true }
  - { name: PackageName, externally_managed: 'true' }
special_packages:
  - name: always-grant-permissions-upon-request
    path: runtimepermissionswhitelist.txt
    version: version 123
`,
  'update-locations': `
schema: '2'
files:
  - { file: 'latest/{hw-id}/default/package-list', optional: 'false' }
uris:
  - { uri: 'https://server/specific/{muid}/package-list', optional: true }
  - { list: base-content }
  - { list: regional, optional: 'true' }
update_scan_interval: '2'
networks_for_scan: wifi
`,
  pack: `
command: updateSystem
name: system
version: '18.08.0'
payload:
  tarball: packs/payloads/system.wp76xx.update.tar.bz2
  sha256: 5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef
apps:
  - name: helloWorld
    version: 0.8c
    payload: { staging: packs/payloads/helloWorld }
  - name: modemService
    payload: { tarball: packs/payloads/modemService.tar.bz2 }
    preloaded: true
targets: [wp76xx-dev]
`,
};

type Doc = Record<string, unknown>;
type Case = [
  name: string,
  schema: Exclude<SchemaName, 'app'>,
  mutate: (doc: Doc) => void,
  instancePath: string,
  keyword: string,
];

function at(doc: Doc, ...path: Array<string | number>): Doc {
  let node: unknown = doc;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  if (typeof node !== 'object' || node === null) throw new Error(`nothing at ${path.join('/')}`);
  return node as Doc;
}

const BAD: Case[] = [
  // gitota.yaml
  ['config: no base_url', 'gitota', (d) => void delete at(d, 'site').base_url, '/site', 'required'],
  [
    'config: base_url without trailing slash',
    'gitota',
    (d) => void (at(d, 'site').base_url = 'https://x.org/u'),
    '/site/base_url',
    'pattern',
  ],
  ['config: no channels', 'gitota', (d) => void delete d.channels, '', 'required'],
  [
    'config: upper-case channel',
    'gitota',
    (d) => void (at(d, 'channels').Nightly = {}),
    '/channels',
    'propertyNames',
  ],
  [
    'config: negative approvals',
    'gitota',
    (d) => void (at(d, 'channels', 'stable').approvals = -1),
    '/channels/stable/approvals',
    'minimum',
  ],
  [
    'config: bins not a power of two',
    'gitota',
    (d) => void (at(d, 'tuf').bins = 48),
    '/tuf/bins',
    'enum',
  ],
  [
    'config: unknown limit',
    'gitota',
    (d) => void (at(d, 'limits').max_files = 3),
    '/limits',
    'additionalProperties',
  ],
  [
    'config: team without org',
    'gitota',
    (d) => void (at(d, 'channels', 'stable', 'approvers').teams = ['releasers']),
    '/channels/stable/approvers/teams/0',
    'pattern',
  ],
  // device
  ['device: no oem', 'device', (d) => void delete d.oem, '', 'required'],
  [
    'device: codename with a slash',
    'device',
    (d) => void (d.model = 'bacon/x'),
    '/model',
    'pattern',
  ],
  [
    'device: has_recovery as a string',
    'device',
    (d) => void (d.has_recovery = 'yes'),
    '/has_recovery',
    'type',
  ],
  [
    'device: unknown hardware id',
    'device',
    (d) => void (at(d, 'hardware').imei = '1'),
    '/hardware',
    'additionalProperties',
  ],
  ['device: unknown key', 'device', (d) => void (d.codename = 'bacon'), '', 'additionalProperties'],
  // release
  ['release: numeric version', 'release', (d) => void (d.version = 21), '/version', 'type'],
  [
    'release: version with three parts',
    'release',
    (d) => void (d.version = '21.0.1'),
    '/version',
    'pattern',
  ],
  [
    'release: fractional datetime',
    'release',
    (d) => void (d.datetime = 1714953600.5),
    '/datetime',
    'type',
  ],
  [
    'release: filename with a directory',
    'release',
    (d) => void (d.filename = 'builds/x.zip'),
    '/filename',
    'pattern',
  ],
  [
    'release: filename not a zip',
    'release',
    (d) => void (d.filename = 'x.img'),
    '/filename',
    'pattern',
  ],
  [
    'release: upper-case sha256',
    'release',
    (d) => void (d.sha256 = 'A'.repeat(64)),
    '/sha256',
    'pattern',
  ],
  ['release: short md5', 'release', (d) => void (d.md5 = 'abc'), '/md5', 'pattern'],
  ['release: both url and path', 'release', (d) => void (d.path = 'zips/x.zip'), '', 'oneOf'],
  ['release: no location', 'release', (d) => void delete d.url, '', 'oneOf'],
  [
    'release: path escaping the repository',
    'release',
    (d) => {
      delete d.url;
      d.path = 'zips/../../etc/passwd';
    },
    '/path',
    'pattern',
  ],
  [
    'release: bad patch level',
    'release',
    (d) => void (d.os_patch_level = '2024-13-01'),
    '/os_patch_level',
    'pattern',
  ],
  ['release: no os_sdk_level', 'release', (d) => void delete d.os_sdk_level, '', 'required'],
  [
    'release: rollout over 100%',
    'release',
    (d) => void (d.rollout = { percent: 101, salt: 's' }),
    '/rollout/percent',
    'maximum',
  ],
  [
    'release: rollout percent as a float',
    'release',
    (d) => void (at(d, 'rollout', 'steps', 0).percent = 12.5),
    '/rollout/steps/0/percent',
    'type',
  ],
  [
    'release: rollout without salt',
    'release',
    (d) => void delete at(d, 'rollout').salt,
    '/rollout',
    'required',
  ],
  ['release: unknown status', 'release', (d) => void (d.status = 'draft'), '/status', 'enum'],
  // app versions
  [
    'versions: no signer',
    'app-versions',
    (d) => void delete at(d, 'versions', 0).signer,
    '/versions/0',
    'required',
  ],
  [
    'versions: apkName not an apk',
    'app-versions',
    (d) => void (at(d, 'versions', 0).apkName = 'app.zip'),
    '/versions/0/apkName',
    'pattern',
  ],
  [
    'versions: unknown ABI',
    'app-versions',
    (d) => void (at(d, 'versions', 0).nativecode = ['arm128']),
    '/versions/0/nativecode/0',
    'enum',
  ],
  [
    'versions: numeric versionName',
    'app-versions',
    (d) => void (at(d, 'versions', 0).versionName = 1.1),
    '/versions/0/versionName',
    'type',
  ],
  [
    'versions: not a list',
    'app-versions',
    (d) => void (d.versions = { 42: {} }),
    '/versions',
    'type',
  ],
  // package-list
  ['package-list: schema 3', 'package-list', (d) => void (d.schema = '3'), '/schema', 'enum'],
  [
    'package-list: empty packages',
    'package-list',
    (d) => void (d.packages = []),
    '/packages',
    'minItems',
  ],
  [
    'package-list: reboot as "yes"',
    'package-list',
    (d) => void (at(d, 'packages', 0).reboot = 'yes'),
    '/packages/0/reboot',
    'anyOf',
  ],
  [
    'package-list: package without path',
    'package-list',
    (d) => void delete at(d, 'packages', 1).path,
    '/packages/1',
    'required',
  ],
  [
    'package-list: numeric version',
    'package-list',
    (d) => void (at(d, 'packages', 1).version = 926.5515),
    '/packages/1/version',
    'type',
  ],
  [
    'package-list: unknown package key',
    'package-list',
    (d) => void (at(d, 'special_packages', 0).md5 = 'x'),
    '/special_packages/0',
    'additionalProperties',
  ],
  // update-locations
  [
    'update-locations: interval zero',
    'update-locations',
    (d) => void (d.update_scan_interval = 0),
    '/update_scan_interval',
    'anyOf',
  ],
  [
    'update-locations: interval "always"',
    'update-locations',
    (d) => void (d.update_scan_interval = 'always'),
    '/update_scan_interval',
    'anyOf',
  ],
  [
    'update-locations: uri and list together',
    'update-locations',
    (d) => void (at(d, 'uris', 1).uri = 'https://x/y'),
    '/uris/1',
    'oneOf',
  ],
  [
    'update-locations: optional under schema 1',
    'update-locations',
    (d) => void (d.schema = 1),
    '/files/0/optional',
    'false schema',
  ],
  [
    'update-locations: no lists at all',
    'update-locations',
    (d) => {
      delete d.files;
      delete d.uris;
    },
    '',
    'anyOf',
  ],
  [
    'update-locations: optional as "maybe"',
    'update-locations',
    (d) => void (at(d, 'files', 0).optional = 'maybe'),
    '/files/0/optional',
    'anyOf',
  ],
  // pack
  ['pack: unknown command', 'pack', (d) => void (d.command = 'installApp'), '/command', 'enum'],
  ['pack: name with a slash', 'pack', (d) => void (d.name = 'a/b'), '/name', 'pattern'],
  [
    'pack: name over 47 characters',
    'pack',
    (d) => void (d.name = 'n'.repeat(48)),
    '/name',
    'maxLength',
  ],
  [
    'pack: removeApp with a payload',
    'pack',
    (d) => {
      d.command = 'removeApp';
      delete d.apps;
    },
    '/payload',
    'false schema',
  ],
  [
    'pack: updateFirmware from a tarball',
    'pack',
    (d) => {
      d.command = 'updateFirmware';
      delete d.apps;
    },
    '/payload',
    'required',
  ],
  [
    'pack: updateApp without version',
    'pack',
    (d) => {
      d.command = 'updateApp';
      delete d.apps;
      delete d.version;
    },
    '',
    'required',
  ],
  [
    'pack: updateApp carrying apps',
    'pack',
    (d) => void (d.command = 'updateApp'),
    '/apps',
    'false schema',
  ],
  ['pack: updateSystem without payload', 'pack', (d) => void delete d.payload, '', 'required'],
  [
    'pack: payload with two sources',
    'pack',
    (d) => void (at(d, 'payload').staging = 'x'),
    '/payload',
    'oneOf',
  ],
  [
    'pack: app payload is firmware',
    'pack',
    (d) => void (at(d, 'apps', 0).payload = { file: 'fw.cwe' }),
    '/apps/0/payload',
    'oneOf',
  ],
  [
    'pack: staging with a sha256',
    'pack',
    (d) => void (at(d, 'apps', 0, 'payload').sha256 = 'a'.repeat(64)),
    '/apps/0/payload',
    'oneOf',
  ],
];

describe('content schemas', () => {
  it.each(Object.entries(GOOD))('accept the good %s document', (schema, text) => {
    expect(findErrors(schema as SchemaName, parseYaml(text))).toEqual([]);
  });

  it.each(BAD)('reject %s', (_name, schema, mutate, instancePath, keyword) => {
    const doc = parseYaml(GOOD[schema]) as Doc;
    mutate(doc);
    expect(findErrors(schema, doc)).toContainEqual({ instancePath, keyword });
  });

  it('accepts the forms the formats allow', () => {
    const forms: Array<[Exclude<SchemaName, 'app'>, (d: Doc) => void]> = [
      [
        'gitota',
        (d) => {
          for (const k of ['limits', 'tuf', 'retention', 'fdroid', 'manifest']) delete d[k];
        },
      ],
      [
        'release',
        (d) => {
          delete d.url;
          d.asset = { tag: 'v21.0-20240506' };
        },
      ],
      [
        'release',
        (d) => {
          delete d.url;
          d.path = 'zips/bacon/x.zip';
          d.from = '20240401-nightly';
        },
      ],
      ['release', (d) => void (d.rollout = { percent: 0, salt: 's' })],
      ['package-list', (d) => void (d.schema = 2)],
      ['update-locations', (d) => void (d.update_scan_interval = 'never')],
      ['update-locations', (d) => void (d.update_scan_interval = 60)],
      [
        'update-locations',
        (d) => {
          d.schema = '1';
          delete d.files;
          d.uris = [{ uri: 'https://server/package-list' }];
        },
      ],
      [
        'pack',
        (d) => {
          for (const k of Object.keys(d)) delete d[k];
          Object.assign(d, { command: 'removeApp', name: 'helloWorld' });
        },
      ],
      [
        'pack',
        (d) => {
          for (const k of Object.keys(d)) delete d[k];
          Object.assign(d, {
            command: 'updateFirmware',
            name: 'modem',
            payload: { file: 'packs/fw.cwe' },
          });
        },
      ],
      [
        'pack',
        (d) => {
          delete d.apps;
          d.command = 'updateApp';
          d.payload = { staging: 'packs/staging/helloWorld' };
        },
      ],
    ];
    for (const [schema, form] of forms) {
      const doc = parseYaml(GOOD[schema]) as Doc;
      form(doc);
      expect(findErrors(schema, doc), `${schema}: ${form.toString()}`).toEqual([]);
    }
  });
});
