import type { StarterKind } from './starter-kinds.js';

export interface StarterConfigOptions {
  kinds: readonly StarterKind[];
  siteUrl: string;
  title: string;
  /** OWNER/REPO of the content repository on GitHub, when known (release assets, Pages). */
  githubRepository?: string;
}

/** `https://owner.github.io/repo/` — where GitHub Pages serves OWNER/REPO's site (a user or organisation site for OWNER/OWNER.github.io). */
export function pagesUrlOf(githubRepository: string): string {
  const [owner = '', repo = ''] = githubRepository.split('/');
  const host = `${owner.toLowerCase()}.github.io`;
  return repo.toLowerCase() === host ? `https://${host}/` : `https://${host}/${repo}/`;
}

/** gitota.yaml of a new content repository: every setting a team decides first, each explained where it stands. */
export function renderStarterConfig(options: StarterConfigOptions): string {
  const lines = [
    '# yaml-language-server: $schema=schemas/gitota.schema.json',
    '# The site gitota builds from this repository. Written by `gitota init`; every',
    '# setting is explained by the schema (hover over a key in an editor with the YAML',
    '# language server) and in the docs/ of gitota.',
    'site:',
    '  # Where the site is served, ending in `/`: GitHub Pages of this repository, or any',
    '  # static host or CDN the published branch is synced to.',
    `  base_url: ${yamlString(options.siteUrl)}`,
    `  title: ${yamlString(options.title)}`,
    ...(options.githubRepository !== undefined
      ? [
          '  # Where `asset:` payloads live: https://github.com/<this>/releases/download/<tag>/<name>.',
          `  github_repository: ${yamlString(options.githubRepository)}`,
        ]
      : []),
    '',
    '# Channels (LineageOS romtypes). A release on a channel with `approvals` above 0 is',
    '# published only once that many reviewers approved its pull request (not its author,',
    '# on its last commit); with no `approvers` list, any owner, member or collaborator of',
    '# the repository may approve. Name reviewers with `approvers: {users: [...]}` or',
    '# `{teams: [org/team]}`. A change to these policies needs the approvals of the old one.',
    'channels:',
    '  nightly:',
    '    description: Automated builds, published as soon as they are merged.',
    '    approvals: 0',
    '  stable:',
    '    description: Tested builds; a reviewer must approve each one.',
    '    approvals: 1',
    '',
    '# Keys never live in this file or anywhere in the repository: `gitota keygen` makes',
    '# them, writes the public root of trust into trust/, and leaves the private keys for',
    '# the GITOTA_*_KEY secrets of the `release` environment. Until then gitota signs with',
    '# a development key, and every file it signs says so.',
    'tuf:',
    '  # Seconds each role stays valid, counted from the build clock: root 1 year, targets',
    '  # 90 days, snapshot 14 days, timestamp 2 days (re-signed daily by refresh.yml).',
    '  expires:',
    '    root: 31536000',
    '    targets: 7776000',
    '    snapshot: 1209600',
    '    timestamp: 172800',
    '  # One signed role per device: a device downloads only its own metadata.',
    '  delegation: per-device',
    '',
    '# How much history stays on the published branch.',
    'retention:',
    '  metadata_versions: 10',
    '  fdroid_diffs: 5',
    ...(options.kinds.includes('fdroid')
      ? [
          '',
          '# The F-Droid repository under fdroid/ of the site.',
          'fdroid:',
          `  name: ${yamlString(`${options.title}: apps`)}`,
          '  description: Apps published by gitota from this repository.',
          '  # Versions kept per app in the main repository; older ones move to the archive.',
          '  archive_policy: 3',
        ]
      : []),
    '',
    '# The small signed manifest simple devices poll: they refuse one older than this.',
    'manifest:',
    '  expires: 604800',
  ];
  return `${lines.join('\n')}\n`;
}

/** A YAML scalar: plain when YAML reads it back as the same string, else double-quoted (JSON escapes are YAML's). */
function yamlString(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9 ./:_@-]*$/.test(value) &&
    !/: |:$| #/.test(value) &&
    !/^(true|false|null|yes|no|on|off|~|[-+]?[\d.]+(e[-+]?\d+)?)$/i.test(value)
    ? value
    : JSON.stringify(value);
}
