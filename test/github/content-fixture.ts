import { createHash } from 'node:crypto';

/**
 * A small, valid content repository for the Action's end-to-end tests: one
 * device, a nightly channel anyone may publish to and a stable channel that
 * needs alice's approval. Files as `path → text`, for GitFixture.commit.
 */

export const BASE_URL = 'https://ota.example.org/';

export function baseContent(): Record<string, string> {
  return {
    'gitota.yaml': [
      '# yaml-language-server: $schema=schemas/gitota.schema.json',
      'site:',
      `  base_url: ${BASE_URL}`,
      '  title: Test fleet',
      'channels:',
      '  nightly:',
      '    approvals: 0',
      '  stable:',
      '    approvals: 1',
      '    approvers:',
      '      users: [alice]',
      '',
    ].join('\n'),
    'devices/bacon.yaml': 'model: bacon\noem: OnePlus\nname: One\n',
    ...release('r1', 'nightly', 1_700_000_000, 'first build'),
  };
}

/** A release of bacon with its zip in the repository. */
export function release(
  id: string,
  romtype: string,
  datetime: number,
  zipText: string,
  extra = '',
): Record<string, string> {
  const zip = `files/bacon/${id}.zip`;
  const sha256 = createHash('sha256').update(zipText).digest('hex');
  return {
    [zip]: zipText,
    [`releases/bacon/${id}.yaml`]: [
      'device: bacon',
      'version: "21.0"',
      `romtype: ${romtype}`,
      `datetime: ${datetime}`,
      `filename: ${id}.zip`,
      `path: ${zip}`,
      `sha256: "${sha256}"`,
      `size: ${Buffer.byteLength(zipText)}`,
      'os_sdk_level: 34',
      'os_patch_level: "2023-11-05"',
      extra,
    ].join('\n'),
  };
}
