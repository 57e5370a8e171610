import { describe, expect, it } from 'vitest';
import { formatContentFile } from './format-content-file.js';

const format = (
  path: string,
  kind: Parameters<typeof formatContentFile>[1],
  text: string,
): string => {
  const result = formatContentFile(path, kind, text);
  expect(result.diagnostics).toEqual([]);
  // Idempotent: the canonical form is a fixed point.
  expect(formatContentFile(path, kind, result.text)).toEqual({
    text: result.text,
    changed: false,
    diagnostics: [],
  });
  return result.text;
};

describe('formatContentFile: gitota kinds', () => {
  it('orders keys by the schema, moving each key with its comments, and quotes numeric strings', () => {
    const text = [
      '# yaml-language-server: $schema=../../schemas/release.schema.json',
      'sha256: "aa"',
      '# the LineageOS version',
      'version: 21.0',
      'device: bacon # codename',
      'rollout:',
      '  salt: x',
      '  percent: 10',
      '    # about percent',
      'filename: a.zip',
      '',
    ].join('\n');
    expect(format('releases/bacon/a.yaml', 'release', text)).toBe(
      [
        '# yaml-language-server: $schema=../../schemas/release.schema.json',
        'device: bacon # codename',
        '# the LineageOS version',
        'version: "21.0"',
        'filename: a.zip',
        'sha256: "aa"',
        'rollout:',
        '  percent: 10',
        '    # about percent',
        '  salt: x',
        '',
      ].join('\n'),
    );
  });

  it('adds the schema comment when it is missing, relative to the file', () => {
    expect(format('devices/bacon.yaml', 'device', 'oem: OnePlus\nmodel: bacon\n')).toBe(
      '# yaml-language-server: $schema=../schemas/device.schema.json\nmodel: bacon\noem: OnePlus\n',
    );
    expect(format('gitota.yaml', 'config', 'site: {base_url: "https://x/", title: T}\n')).toBe(
      '# yaml-language-server: $schema=schemas/gitota.schema.json\nsite: {base_url: "https://x/", title: T}\n',
    );
  });

  it('keeps unknown keys last in their order, and leaves text already canonical unchanged', () => {
    const text =
      '# yaml-language-server: $schema=../schemas/device.schema.json\nzeta: 1\nmodel: bacon\nalpha: 2\n';
    expect(format('devices/bacon.yaml', 'device', text)).toBe(
      '# yaml-language-server: $schema=../schemas/device.schema.json\nmodel: bacon\nzeta: 1\nalpha: 2\n',
    );
    const canonical =
      '# yaml-language-server: $schema=../schemas/device.schema.json\n# A phone.\nmodel: bacon\noem: OnePlus\n';
    expect(formatContentFile('devices/bacon.yaml', 'device', canonical).changed).toBe(false);
  });

  it('orders list items by the branch of a oneOf they match', () => {
    const text = [
      '# yaml-language-server: $schema=../schemas/update-locations.schema.json',
      'uris:',
      '  - optional: true',
      '    list: base',
      '  - optional: false',
      '    uri: https://example.org/x',
      'schema: "2"',
      '',
    ].join('\n');
    expect(format('update-locations/x.yaml', 'update-locations', text)).toBe(
      [
        '# yaml-language-server: $schema=../schemas/update-locations.schema.json',
        'schema: "2"',
        'uris:',
        '  - list: base',
        '    optional: true',
        '  - uri: https://example.org/x',
        '    optional: false',
        '',
      ].join('\n'),
    );
  });

  it('re-indents to two spaces with dashes under their key, keeping comments', () => {
    const text = [
      '# yaml-language-server: $schema=../schemas/package-list.schema.json',
      'schema: "1"',
      'release:',
      '    version: 1   # v',
      '    title: T',
      'packages:',
      '- name: a',
      '  path: a.apk',
      '  version: "2"',
      '',
    ].join('\n');
    expect(format('package-lists/x.yaml', 'package-list', text)).toBe(
      [
        '# yaml-language-server: $schema=../schemas/package-list.schema.json',
        'schema: "1"',
        'release:',
        '  title: T',
        '  version: "1" # v',
        'packages:',
        '  - name: a',
        '    path: a.apk',
        '    version: "2"',
        '',
      ].join('\n'),
    );
  });

  it('leaves a file that does not parse alone and says why', () => {
    const text = 'model: bacon\nmodel: again\n';
    const result = formatContentFile('devices/bacon.yaml', 'device', text);
    expect(result.changed).toBe(false);
    expect(result.text).toBe(text);
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['GITOTA005', 'devices/bacon.yaml', 2],
    ]);
  });

  it('leaves a file the loader refuses alone: formatting must not give an alias or a merge key a new meaning', () => {
    const text = 'oem: &k model\n*k : bacon\n<<: {name: One}\n';
    const result = formatContentFile('devices/bacon.yaml', 'device', text);
    expect(result).toMatchObject({ changed: false, text });
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '1:6 GITOTA030',
      '2:1 GITOTA031',
      '3:1 GITOTA032',
    ]);
  });

  it('formats F-Droid metadata whose aliases stand for values', () => {
    const result = formatContentFile(
      'apps/org.example.yml',
      'app',
      'Summary: &s A clock\nDescription: *s\nCategories: [System]\n',
    );
    expect(result.diagnostics).toEqual([]);
  });
});

describe('formatContentFile: F-Droid metadata', () => {
  it('uses rewritemeta field and flag order, blank lines and quoting', () => {
    const text = [
      'Name: X',
      'License: MIT',
      'Categories:',
      '  - System',
      '# how it is built',
      'Builds:',
      '  - versionCode: 3',
      '    versionName: 1.10',
      '',
      '    commit: abc',
      '  - versionName: "2"',
      '    commit: def',
      '    versionCode: 4',
      'CurrentVersion: 1.10',
      'AutoName: X',
      'RepoType: git',
      '',
    ].join('\n');
    expect(format('apps/org.example.yml', 'app', text)).toBe(
      [
        'Categories:',
        '  - System',
        'License: MIT',
        '',
        'Name: X',
        'AutoName: X',
        '',
        'RepoType: git',
        '',
        '# how it is built',
        'Builds:',
        "  - versionName: '1.10'",
        '    versionCode: 3',
        '    commit: abc',
        '',
        '  - versionName: "2"',
        '    versionCode: 4',
        '    commit: def',
        '',
        "CurrentVersion: '1.10'",
        '',
      ].join('\n'),
    );
  });

  it('does not add a schema comment to F-Droid files', () => {
    expect(formatContentFile('apps/org.example.yml', 'app', 'License: MIT\n').changed).toBe(false);
  });
});
