import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../commands/example-repo.js';

/**
 * A small content repository of every kind that has numbers or dates
 * (gitota.yaml, two releases, one with a staged rollout, F-Droid metadata
 * and its versions, update-locations and its package-list), written from a
 * value for each numeric or date field, as YAML text. For the tests that
 * hold validate to its contract with build.
 */

/** SOURCE_DATE_EPOCH for these repositories: 2030-03-17. */
export const CONTENT_NOW = 1_900_000_000;

/** Every numeric or date field of the repository: its value when not varied, and where its schema is. */
export const FIELDS = {
  approvals: ['0', 'gitota', '/$defs/channel/properties/approvals'],
  max_file_bytes: ['4194304', 'gitota', '/properties/limits/properties/max_file_bytes'],
  external_artifact_bytes: [
    '50000000',
    'gitota',
    '/properties/limits/properties/external_artifact_bytes',
  ],
  future_skew_seconds: ['86400', 'gitota', '/properties/limits/properties/future_skew_seconds'],
  max_yaml_keys_per_mapping: [
    '100000',
    'gitota',
    '/properties/limits/properties/max_yaml_keys_per_mapping',
  ],
  max_yaml_nodes_per_file: [
    '500000',
    'gitota',
    '/properties/limits/properties/max_yaml_nodes_per_file',
  ],
  max_yaml_depth: ['64', 'gitota', '/properties/limits/properties/max_yaml_depth'],
  max_decompressed_bytes: [
    '2147483648',
    'gitota',
    '/properties/limits/properties/max_decompressed_bytes',
  ],
  max_decompressed_run_bytes: [
    '8589934592',
    'gitota',
    '/properties/limits/properties/max_decompressed_run_bytes',
  ],
  max_archive_entries: ['100000', 'gitota', '/properties/limits/properties/max_archive_entries'],
  download_file_seconds: ['1800', 'gitota', '/properties/limits/properties/download_file_seconds'],
  download_run_seconds: ['3600', 'gitota', '/properties/limits/properties/download_run_seconds'],
  download_min_bytes_per_second: [
    '16384',
    'gitota',
    '/properties/limits/properties/download_min_bytes_per_second',
  ],
  download_stall_seconds: ['30', 'gitota', '/properties/limits/properties/download_stall_seconds'],
  expires_root: ['31536000', 'gitota', '/properties/tuf/properties/expires/properties/root'],
  expires_targets: ['7776000', 'gitota', '/properties/tuf/properties/expires/properties/targets'],
  expires_snapshot: ['604800', 'gitota', '/properties/tuf/properties/expires/properties/snapshot'],
  expires_timestamp: ['86400', 'gitota', '/properties/tuf/properties/expires/properties/timestamp'],
  metadata_versions: ['10', 'gitota', '/properties/retention/properties/metadata_versions'],
  fdroid_diffs: ['10', 'gitota', '/properties/retention/properties/fdroid_diffs'],
  archive_policy: ['3', 'gitota', '/properties/fdroid/properties/archive_policy'],
  manifest_expires: ['604800', 'gitota', '/properties/manifest/properties/expires'],
  datetime: ['1783238700', 'release', '/properties/datetime'],
  size: ['647', 'release', '/properties/size'],
  os_sdk_level: ['34', 'release', '/properties/os_sdk_level'],
  os_patch_level: ['"2026-07-05"', 'release', '/properties/os_patch_level'],
  percent: ['25', 'release', '/properties/rollout/oneOf/0/properties/percent'],
  start: ['1783238800', 'release', '/properties/rollout/oneOf/0/properties/start'],
  step_percent: [
    '50',
    'release',
    '/properties/rollout/oneOf/1/properties/steps/items/properties/percent',
  ],
  step_start: [
    '1783238900',
    'release',
    '/properties/rollout/oneOf/1/properties/steps/items/properties/start',
  ],
  app_archive_policy: ['2', 'app', '/properties/ArchivePolicy'],
  build_timeout: ['3600', 'app', '/$defs/build/properties/timeout'],
  added: ['1738368000', 'app-versions', '/$defs/version/properties/added'],
  update_scan_interval: ['60', 'update-locations', '/properties/update_scan_interval'],
} as const satisfies Record<string, readonly [string, SchemaName, string]>;
export type Field = keyof typeof FIELDS;
export type Values = Record<Field, string>;
export type SchemaName = 'gitota' | 'release' | 'app' | 'app-versions' | 'update-locations';

/** The file each schema's fields are written to. */
export const FILE_OF: Readonly<Record<SchemaName, string>> = {
  gitota: 'gitota.yaml',
  release: 'releases/bacon/r1.yaml',
  app: 'apps/org.gitota.example.dice.yml',
  'app-versions': 'apps/org.gitota.example.dice/versions.yaml',
  'update-locations': 'update-locations/fleet.yaml',
};

export const DEFAULTS = Object.fromEntries(
  Object.entries(FIELDS).map(([field, [value]]) => [field, value]),
) as Values;

/**
 * Integer locations of the schemas no field above varies, and why: their
 * value is tied to an APK's bytes (a version's code, size and SDK levels are
 * checked against the APK), or to other fields by a rule, or is not a number.
 */
export const NOT_VARIED: Readonly<Record<string, string>> = {
  'gitota:/properties/tuf/properties/bins': 'an enum of powers of two',
  'app-versions:/$defs/version/properties/versionCode': "the APK's versionCode",
  'app-versions:/$defs/version/properties/size': "the APK's size",
  'app-versions:/$defs/sdk': "the APK's SDK levels",
  'app:/$defs/versionCode/anyOf/0':
    'CurrentVersionCode and build versionCodes, tied to the published versions by rules',
  'app:/$defs/nonNegativeInt': 'varied as ArchivePolicy and a build timeout',
};

function gitotaYaml(v: Values): string {
  return `site:
  base_url: https://ota.example.org/
  title: Contract
channels:
  nightly:
    approvals: ${v.approvals}
limits:
  max_file_bytes: ${v.max_file_bytes}
  external_artifact_bytes: ${v.external_artifact_bytes}
  future_skew_seconds: ${v.future_skew_seconds}
  max_yaml_keys_per_mapping: ${v.max_yaml_keys_per_mapping}
  max_yaml_nodes_per_file: ${v.max_yaml_nodes_per_file}
  max_yaml_depth: ${v.max_yaml_depth}
  max_decompressed_bytes: ${v.max_decompressed_bytes}
  max_decompressed_run_bytes: ${v.max_decompressed_run_bytes}
  max_archive_entries: ${v.max_archive_entries}
  download_file_seconds: ${v.download_file_seconds}
  download_run_seconds: ${v.download_run_seconds}
  download_min_bytes_per_second: ${v.download_min_bytes_per_second}
  download_stall_seconds: ${v.download_stall_seconds}
tuf:
  expires:
    root: ${v.expires_root}
    targets: ${v.expires_targets}
    snapshot: ${v.expires_snapshot}
    timestamp: ${v.expires_timestamp}
retention:
  metadata_versions: ${v.metadata_versions}
  fdroid_diffs: ${v.fdroid_diffs}
fdroid:
  archive_policy: ${v.archive_policy}
manifest:
  expires: ${v.manifest_expires}
`;
}

function release(v: Values, id: string, steps: boolean): string {
  const rollout = steps
    ? `rollout:\n  steps:\n    - {percent: ${v.percent}, start: ${v.start}}\n    - {percent: ${v.step_percent}, start: ${v.step_start}}\n  salt: s\n`
    : `rollout: {percent: ${v.percent}, start: ${v.start}, salt: s}\n`;
  return `device: bacon
version: "21.0"
romtype: nightly
datetime: ${v.datetime}
filename: ${id}.zip
url: https://dl.example.org/${id}.zip
sha256: "${'c'.repeat(63)}${steps ? 'd' : 'e'}"
size: ${v.size}
os_sdk_level: ${v.os_sdk_level}
os_patch_level: ${v.os_patch_level}
${rollout}`;
}

const OLDER_RELEASE = `device: bacon
version: "21.0"
romtype: nightly
datetime: 1700000000
filename: older.zip
url: https://dl.example.org/older.zip
sha256: "${'a'.repeat(64)}"
size: 100
os_sdk_level: 34
os_patch_level: "2023-11-05"
`;

function app(v: Values): string {
  return readFileSync(join(PROJECT_ROOT, 'apps/org.gitota.example.dice.yml'), 'utf8')
    .replace('    ndk: r26b\n', `    ndk: r26b\n    timeout: ${v.build_timeout}\n`)
    .replace(
      'CurrentVersionCode: 7\n',
      `CurrentVersionCode: 7\nArchivePolicy: ${v.app_archive_policy}\n`,
    );
}

function versions(v: Values): string {
  return readFileSync(
    join(PROJECT_ROOT, 'apps/org.gitota.example.dice/versions.yaml'),
    'utf8',
  ).replace('    added: 1738368000\n', `    added: ${v.added}\n`);
}

function updateLocations(v: Values): string {
  return `schema: "1"\nuris:\n  - list: fleet\nupdate_scan_interval: ${v.update_scan_interval}\n`;
}

const PACKAGE_LIST = `schema: "1"
release:
  title: Fleet
  version: "1"
packages:
  - name: fleet-settings
    path: "https://ota.example.org/fleet/{hw-sku-id}/fleet-settings_7.ttpkg"
    version: "7"
`;

const SCHEMA_FILES: Record<SchemaName, string> = {
  gitota: 'gitota.schema.json',
  release: 'release.schema.json',
  app: 'app.schema.json',
  'app-versions': 'app-versions.schema.json',
  'update-locations': 'update-locations.schema.json',
};
const schemaOf = (name: SchemaName): Record<string, unknown> =>
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', SCHEMA_FILES[name]), 'utf8')) as Record<
    string,
    unknown
  >;

/** The integer subschemas a location leads to (through `$ref`, `anyOf`, `oneOf`), as `name:pointer`, with their bounds. */
export function integersAt(
  name: SchemaName,
  pointer: string,
): Array<{ at: string; minimum?: number; maximum?: number }> {
  const root = schemaOf(name);
  const found: Array<{ at: string; minimum?: number; maximum?: number }> = [];
  const visit = (where: string): void => {
    const node = where
      .split('/')
      .slice(1)
      .reduce<unknown>(
        (n, s) => (n as Record<string, unknown>)[s.replace(/~1/g, '/').replace(/~0/g, '~')],
        root,
      ) as Record<string, unknown>;
    if (typeof node.$ref === 'string') visit(node.$ref.slice(1));
    for (const key of ['anyOf', 'oneOf'] as const)
      (node[key] as unknown[] | undefined)?.forEach((_, i) => visit(`${where}/${key}/${i}`));
    if (node.type === 'integer')
      found.push({
        at: `${name}:${where}`,
        minimum: node.minimum as number | undefined,
        maximum: node.maximum as number | undefined,
      });
  };
  visit(pointer);
  return found;
}

/** Every integer subschema of the content schemas, as `name:pointer`. */
export function everyInteger(): string[] {
  const all: string[] = [];
  for (const name of Object.keys(SCHEMA_FILES) as SchemaName[]) {
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${where}/${i}`));
      else if (typeof node === 'object' && node !== null) {
        if ((node as { type?: unknown }).type === 'integer') all.push(`${name}:${where}`);
        for (const [key, value] of Object.entries(node))
          walk(value, `${where}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }
    };
    walk(schemaOf(name), '');
  }
  return all;
}

/** The largest value validate accepts in each field: the schema's maximum, else 2^53 − 1 (and the last day of 9999 for a date). */
export const LARGEST = Object.fromEntries(
  (Object.keys(FIELDS) as Field[]).map((field) => {
    const [, name, pointer] = FIELDS[field];
    const bounds = integersAt(name, pointer);
    if (bounds.length === 0) return [field, '"9999-12-31"'];
    return [field, String(Math.min(...bounds.map((b) => b.maximum ?? Number.MAX_SAFE_INTEGER)))];
  }),
) as Values;
/** The smallest value validate accepts in each field (the schema's minimum); the YAML limits as small as this repository's own files allow. */
export const SMALLEST: Values = {
  ...(Object.fromEntries(
    (Object.keys(FIELDS) as Field[]).map((field) => {
      const [, name, pointer] = FIELDS[field];
      const bounds = integersAt(name, pointer);
      return [
        field,
        bounds.length === 0
          ? '"0000-01-01"'
          : String(Math.max(...bounds.map((b) => b.minimum ?? 0))),
      ];
    }),
  ) as Values),
  max_file_bytes: '4096',
  max_yaml_keys_per_mapping: '100',
  max_yaml_nodes_per_file: '2000',
  max_yaml_depth: '8',
};
/** -0 wherever zero is allowed (YAML reads it as 0). */
export const NEGATIVE_ZERO: Values = Object.fromEntries(
  Object.entries(SMALLEST).map(([k, v]) => [k, v === '0' ? '-0' : v]),
) as Values;

export function writeRepository(root: string, values: Values, steps = false): void {
  const files: Record<string, string> = {
    'gitota.yaml': gitotaYaml(values),
    'releases/bacon/older.yaml': OLDER_RELEASE,
    'releases/bacon/r1.yaml': release(values, 'r1', steps),
    'apps/org.gitota.example.dice.yml': app(values),
    'apps/org.gitota.example.dice/versions.yaml': versions(values),
    'package-lists/fleet.yaml': PACKAGE_LIST,
    'update-locations/fleet.yaml': updateLocations(values),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}
