import type { StarterKind } from './starter-kinds.js';

/** CONTRIBUTING.md of a new content repository: how a contributor adds what this repository publishes. */
export function renderContributing(kinds: readonly StarterKind[], title: string): string {
  const parts: string[] = [
    `# Contributing to ${title}`,
    '',
    'Everything this repository publishes is a YAML file reviewed in a pull request.',
    'Install gitota (`npm install -g gitota`, or `npx gitota` in this folder), make',
    'your change on a branch, then:',
    '',
    '```sh',
    'gitota fmt        # canonical layout; also refreshes schemas/ for your editor',
    'gitota validate   # the same checks the pull request runs',
    '```',
    '',
    'Open the pull request: a bot comments what will be published and who must',
    'approve it. Releases on a channel with `approvals` in `gitota.yaml` wait for',
    'that many reviewers; once merged, the publish workflow signs and publishes.',
    '',
    'Editors with the YAML language server (VS Code: the Red Hat YAML extension)',
    'complete and check every file from `schemas/`.',
  ];
  if (kinds.includes('lineage')) {
    parts.push(
      '',
      '## Add a build',
      '',
      'A device is `devices/<codename>.yaml` (copy one). A build is one file,',
      '`releases/<codename>/<id>.yaml`, written for you by:',
      '',
      '```sh',
      'gitota add-build -f lineage-22.1-20250301-nightly-example-signed.zip -d example -v 22.1 \\',
      '  -t "2025-03-01 04:00:00" -r nightly \\',
      '  -u https://downloads.example.org/lineage-22.1-20250301-nightly-example-signed.zip \\',
      '  --sha256 <sha256 of the zip> --size <bytes> --os-sdk-level 35 --os-patch-level 2025-02-05',
      '```',
      '',
      'Keep large zips out of git: name them by `-u URL` with their sha256 and size (or',
      'as a GitHub release asset). `--path files/...` takes a zip kept in the',
      'repository instead and computes its hashes. To pull a build, set',
      '`status: pulled` in its file; `gitota remove-build -f FILENAME` removes it.',
    );
  }
  if (kinds.includes('fdroid')) {
    parts.push(
      '',
      '## Add an app version',
      '',
      "An app is `apps/<application.id>.yml` in F-Droid's own metadata format, with the",
      'versions gitota publishes in `apps/<application.id>/versions.yaml`. A new version',
      'is one more entry there:',
      '',
      '```yaml',
      '  - versionCode: 2',
      '    versionName: 1.1.0',
      '    apkName: org.example.app_2.apk',
      '    url: https://downloads.example.org/org.example.app_2.apk   # or path: files/apps/...',
      '    sha256: <sha256 of the APK>',
      '    size: <bytes>',
      '    minSdkVersion: 21',
      '    targetSdkVersion: 34',
      '    signer: <sha256 of the signing certificate>',
      '    added: <unix seconds>',
      '```',
      '',
      "and, in the app's `.yml`, a `Builds` entry and `CurrentVersion`/`CurrentVersionCode`",
      'when it becomes the suggested version.',
    );
  }
  if (kinds.includes('tomtom')) {
    parts.push(
      '',
      '## Change what TomTom Bridge devices install',
      '',
      'Edit `package-lists/<list>.yaml` (packages in order, each with `name`, `path`,',
      '`version`) and put package files beside it in `package-lists/<list>/`;',
      '`update-locations/<name>.yaml` says which lists a device reads. `gitota',
      'resolve-tomtom --locations <name>` shows what a device would install.',
    );
  }
  if (kinds.includes('legato')) {
    parts.push(
      '',
      '## Change a Legato update pack',
      '',
      'A pack is `packs/<name>.yaml` naming its payload (an app staging directory, a',
      'system tarball or a firmware file) and the devices it targets. `gitota pack',
      'build packs/<name>.yaml --out x.update && gitota pack verify x.update` builds and',
      'checks it as the device would.',
    );
  }
  return `${parts.join('\n')}\n`;
}
