import { describe, expect, it } from 'vitest';
import { loadText } from './load-repository.js';
import type { FileKind } from './source-file.js';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from './yaml-limits.js';

/**
 * Hostile YAML, one row per case: what a contributor could write to make a
 * reviewed line mean something else, or to make the loader spend without
 * bound. Each row names the exact findings (`line:column CODE`, errors and
 * warnings); a file with an error never loads.
 */
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

interface Row {
  name: string;
  kind: FileKind;
  text: string;
  expected: string[];
  limits?: Partial<YamlLimits>;
}

const PATHS: Record<FileKind, string> = {
  config: 'gitota.yaml',
  device: 'devices/bacon.yaml',
  release: 'releases/bacon/r1.yaml',
  app: 'apps/org.example.yml',
  'app-versions': 'apps/org.example/versions.yaml',
  'package-list': 'package-lists/base.yaml',
  'update-locations': 'update-locations/fleet.yaml',
  pack: 'packs/hello.yaml',
};

const ROWS: Row[] = [
  // The case from issue 10: an anchored value reused as a key overrides the reviewed sha256.
  {
    name: 'alias as key overriding sha256 (release)',
    kind: 'release',
    text: `sha256: "${A}"\nchangelog: &k sha256\n*k : "${B}"\n`,
    expected: ['2:12 GITOTA030', '3:1 GITOTA031'],
  },
  {
    name: 'alias as key (device)',
    kind: 'device',
    text: 'model: bacon\nname: &k model\n*k : other\n',
    expected: ['2:7 GITOTA030', '3:1 GITOTA031'],
  },
  {
    name: 'alias as key (gitota.yaml)',
    kind: 'config',
    text: 'channels:\n  stable: {approvals: 2, description: &k approvals}\n  nightly: {*k : 0}\n',
    expected: ['2:39 GITOTA030', '3:13 GITOTA031'],
  },
  {
    name: 'alias as key (package-list)',
    kind: 'package-list',
    text: 'schema: "1"\nrelease: {title: &k version, version: "1"}\n*k : "2"\n',
    expected: ['2:18 GITOTA030', '3:1 GITOTA031'],
  },
  {
    name: 'alias as key (update-locations)',
    kind: 'update-locations',
    text: 'schema: "2"\nnetworks_for_scan: &k schema\n*k : "1"\n',
    expected: ['2:20 GITOTA030', '3:1 GITOTA031'],
  },
  {
    name: 'alias as key (pack)',
    kind: 'pack',
    text: 'command: updateApp\nname: &k command\n*k : removeApp\n',
    expected: ['2:7 GITOTA030', '3:1 GITOTA031'],
  },
  {
    name: 'alias as key (versions)',
    kind: 'app-versions',
    text: 'versions:\n  - sha256: "' + A + '"\n    versionName: &k sha256\n    *k : "' + B + '"\n',
    expected: ['3:18 GITOTA030', '4:5 GITOTA031'],
  },
  {
    name: 'alias as key hiding a duplicate (F-Droid)',
    kind: 'app',
    text: 'Summary: good\nName: &k Summary\n*k : evil\n',
    expected: ['3:1 GITOTA031'],
  },
  {
    name: 'alias as key, no duplicate (F-Droid)',
    kind: 'app',
    text: 'AutoName: &k Foo\n*k : bar\n',
    expected: ['2:1 GITOTA031'],
  },
  {
    name: 'alias as a key of a flow mapping (F-Droid)',
    kind: 'app',
    text: 'a: &k Summary\nb: {*k : evil}\n',
    expected: ['2:5 GITOTA031'],
  },
  // Merge keys: YAML 1.1 readers (F-Droid's) pull keys in through `<<`.
  {
    name: 'merge key with an alias (release)',
    kind: 'release',
    text: `base: &b {sha256: "${B}"}\n<<: *b\n`,
    expected: ['1:7 GITOTA030', '2:1 GITOTA032', '2:5 GITOTA030'],
  },
  {
    name: 'merge key without an alias (release)',
    kind: 'release',
    text: `sha256: "${A}"\n<<: {sha256: "${B}"}\n`,
    expected: ['2:1 GITOTA032'],
  },
  {
    name: 'merge key (F-Droid)',
    kind: 'app',
    text: 'Defaults: &d {License: MIT}\n<<: *d\n',
    expected: ['2:1 GITOTA032'],
  },
  {
    name: 'quoted merge key (F-Droid)',
    kind: 'app',
    text: '"<<": {License: MIT}\n',
    expected: ['1:1 GITOTA032'],
  },
  // Anchors and aliases on values.
  {
    name: 'anchor alone on a value (release)',
    kind: 'release',
    text: 'changelog: &c Fixes\n',
    expected: ['1:12 GITOTA030'],
  },
  {
    name: 'anchor and alias on values (device)',
    kind: 'device',
    text: 'model: &x bacon\nname: *x\n',
    expected: ['1:8 GITOTA030', '2:7 GITOTA030'],
  },
  {
    name: 'anchored list reused (package-list)',
    kind: 'package-list',
    text: 'packages: &p\n  - {name: a}\nspecial_packages: *p\n',
    expected: ['1:11 GITOTA030', '3:19 GITOTA030'],
  },
  {
    name: 'alias inside the node it names (F-Droid)',
    kind: 'app',
    text: 'Builds: &b\n  - *b\n',
    expected: ['2:5 GITOTA036'],
  },
  {
    name: 'alias naming no anchor (F-Droid)',
    kind: 'app',
    text: 'Summary: *nope\n',
    expected: ['1:10 GITOTA004'],
  },
  // Keys that are not plain text, or that collide once read.
  {
    name: 'flow list as key (js-yaml reads it as `sha256`)',
    kind: 'release',
    text: `[sha256]: "${B}"\n`,
    expected: ['1:1 GITOTA033'],
  },
  {
    name: 'flow mapping as key',
    kind: 'device',
    text: '{model: a}: b\n',
    expected: ['1:1 GITOTA033'],
  },
  {
    name: 'explicit list key',
    kind: 'device',
    text: '? [a, b]\n: x\n',
    expected: ['1:3 GITOTA033'],
  },
  {
    name: 'null key ~ (js-yaml says "null", YAML says "")',
    kind: 'device',
    text: 'model: a\n~: b\n',
    expected: ['2:1 GITOTA033'],
  },
  { name: 'empty key', kind: 'app', text: 'Summary: a\n: b\n', expected: ['2:1 GITOTA033'] },
  {
    name: 'integer key and its string',
    kind: 'device',
    text: '1: a\n"1": b\n',
    expected: ['2:1 GITOTA005'],
  },
  {
    name: 'hex key and its decimal',
    kind: 'app',
    text: '0x10: a\n16: b\n',
    expected: ['2:1 GITOTA005'],
  },
  {
    name: 'boolean key and its string',
    kind: 'device',
    text: 'true: a\n"true": b\n',
    expected: ['2:1 GITOTA005'],
  },
  {
    name: 'duplicate key after CRLF lines',
    kind: 'device',
    text: 'model: a\r\nname: b\r\nmodel: c\r\n',
    expected: ['3:1 GITOTA005'],
  },
  {
    name: 'alias as key after CRLF lines',
    kind: 'device',
    text: 'model: a\r\nname: &k model\r\n*k : b\r\n',
    expected: ['2:7 GITOTA030', '3:1 GITOTA031'],
  },
  {
    name: 'alias as key after a byte-order mark',
    kind: 'device',
    text: '\uFEFFmodel: a\nname: &k model\n*k : b\n',
    expected: ['2:7 GITOTA030', '3:1 GITOTA031'],
  },
  { name: 'tag on a key', kind: 'device', text: '!!str model: a\n', expected: ['1:1 GITOTA014'] },
  // Numbers that do not read as written.
  {
    name: '2^53 + 1 (would round to 2^53)',
    kind: 'release',
    text: 'size: 9007199254740993\n',
    expected: ['1:7 GITOTA034'],
  },
  {
    name: '2^64',
    kind: 'release',
    text: 'datetime: 18446744073709551616\n',
    expected: ['1:11 GITOTA034'],
  },
  {
    name: '-2^64',
    kind: 'app',
    text: 'CurrentVersionCode: -18446744073709551616\n',
    expected: ['1:21 GITOTA034'],
  },
  {
    name: '2^53 in hex',
    kind: 'app-versions',
    text: 'versions:\n  - size: 0x20000000000000\n',
    expected: ['2:11 GITOTA034'],
  },
  {
    name: '2^53 in octal',
    kind: 'config',
    text: 'limits:\n  max_file_bytes: 0o400000000000000000\n',
    expected: ['2:19 GITOTA034'],
  },
  {
    name: '2^53 + 1 with leading zeros and a sign',
    kind: 'release',
    text: 'size: +0009007199254740993\n',
    expected: ['1:7 GITOTA034'],
  },
  {
    name: 'integer key beyond 2^53',
    kind: 'device',
    text: '9007199254740993: x\n',
    expected: ['1:1 GITOTA034'],
  },
  { name: '1e400 (Infinity)', kind: 'release', text: 'size: 1e400\n', expected: ['1:7 GITOTA035'] },
  {
    name: '.inf',
    kind: 'update-locations',
    text: 'update_scan_interval: .inf\n',
    expected: ['1:23 GITOTA035'],
  },
  { name: '-.Inf', kind: 'app', text: 'ArchivePolicy: -.Inf\n', expected: ['1:16 GITOTA035'] },
  {
    name: '.nan',
    kind: 'release',
    text: 'rollout: {percent: .nan, salt: s}\n',
    expected: ['1:20 GITOTA035'],
  },
  { name: '1e20 (beyond 2^53)', kind: 'pack', text: 'size: 1e20\n', expected: ['1:7 GITOTA035'] },
  // Bounds.
  {
    name: 'keys per mapping',
    kind: 'device',
    text: 'a: 1\nb: 2\nc: 3\nd: 4\n',
    limits: { maxKeysPerMapping: 3 },
    expected: ['1:1 GITOTA037'],
  },
  {
    name: 'keys per mapping, deep inside',
    kind: 'app',
    text: 'Builds:\n  - {a: 1, b: 2, c: 3, d: 4}\n',
    limits: { maxKeysPerMapping: 3 },
    expected: ['1:1 GITOTA037'],
  },
  {
    name: 'nodes per file',
    kind: 'device',
    text: 'list: [1, 2, 3, 4, 5, 6, 7, 8, 9]\n',
    limits: { maxNodesPerFile: 8 },
    expected: ['1:1 GITOTA038'],
  },
  {
    name: 'nodes per file, aliases counted as what they stand for',
    kind: 'app',
    text: 'a: &a [1, 2, 3, 4, 5]\nb: [*a, *a, *a]\n',
    limits: { maxNodesPerFile: 15 },
    expected: ['1:1 GITOTA038'],
  },
  {
    name: 'nesting depth',
    kind: 'device',
    text: 'a: [[[[1]]]]\n',
    limits: { maxDepth: 4 },
    expected: ['1:1 GITOTA039'],
  },
  {
    name: 'nesting depth, exact parse',
    kind: 'device',
    text: 'a: [[[[1]]]] # !\n',
    limits: { maxDepth: 4 },
    expected: ['1:1 GITOTA039'],
  },
  {
    name: 'findings beyond the listed ones',
    kind: 'device',
    text: Array.from({ length: 150 }, () => 'a: 1').join('\n') + '\n',
    expected: [...Array.from({ length: 100 }, (_, i) => `${i + 2}:1 GITOTA005`), '101:1 GITOTA040'],
  },
];

describe('hostile YAML', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const limits = { ...DEFAULT_YAML_LIMITS, ...row.limits };
    const loaded = loadText({ path: PATHS[row.kind], kind: row.kind }, row.text, limits);
    expect(loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(row.expected);
    for (const d of loaded.diagnostics) expect(d.file).toBe(PATHS[row.kind]);
    // Refused means not loaded: no data reaches the model.
    expect(loaded.file).toBeUndefined();
  });

  it('has at least 30 cases', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
  });

  it('reads F-Droid metadata whose aliases stand for values', () => {
    const text =
      'Categories: &c [System]\nAntiFeatures: *c\nSummary: &s A clock\nDescription: *s\n';
    const loaded = loadText({ path: 'apps/org.example.yml', kind: 'app' }, text);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.file?.data).toEqual({
      Categories: ['System'],
      AntiFeatures: ['System'],
      Summary: 'A clock',
      Description: 'A clock',
    });
  });

  it('reads the largest safe integers exactly, and -0 as 0, on both parse paths', () => {
    for (const comment of ['', '# ! forces the exact parse\n']) {
      const text = `a: 9007199254740991\nb: -9007199254740991\nc: 0x1fffffffffffff\nd: 0o377777777777777777\ne: -0\nf: -0.0\n${comment}`;
      const loaded = loadText({ path: 'devices/bacon.yaml', kind: 'device' }, text);
      expect(loaded.diagnostics).toEqual([]);
      const data = loaded.file?.data as Record<string, number>;
      expect(data).toEqual({
        a: 2 ** 53 - 1,
        b: -(2 ** 53 - 1),
        c: 2 ** 53 - 1,
        d: 2 ** 53 - 1,
        e: 0,
        f: 0,
      });
      expect(Object.is(data.e, 0) && Object.is(data.f, 0)).toBe(true);
    }
  });
});
