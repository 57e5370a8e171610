import { describe, expect, it } from 'vitest';
import { loadText } from '../load/load-repository.js';
import type { FileKind, SourceFile } from '../load/source-file.js';
import { normaliseContent } from './normalise.js';

function file(path: string, kind: FileKind, text: string): SourceFile {
  const loaded = loadText({ path, kind }, text);
  if (!loaded.file) throw new Error(`${path} does not parse`);
  return loaded.file;
}

describe('normaliseContent', () => {
  it('takes ids and names from paths, applies defaults and sorts', () => {
    const content = normaliseContent('/repo', [
      file('releases/bacon/b.yaml', 'release', 'version: "21.0"\n'),
      file('releases/bacon/a.yaml', 'release', 'version: "20.0"\nstatus: paused\n'),
      file('releases/FP4/z.yaml', 'release', 'version: "22.0"\n'),
      file('apps/org.example.yml', 'app', 'License: MIT\n'),
      file('apps/org.example/versions.yaml', 'app-versions', 'versions: []\n'),
      file('packs/hello.yaml', 'pack', 'command: removeApp\nname: hello\n'),
    ]);
    expect(content.releases.map((r) => [r.device, r.id, r.status, r.file])).toEqual([
      ['FP4', 'z', 'published', 'releases/FP4/z.yaml'],
      ['bacon', 'a', 'paused', 'releases/bacon/a.yaml'],
      ['bacon', 'b', 'published', 'releases/bacon/b.yaml'],
    ]);
    expect(content.apps).toEqual([
      { file: 'apps/org.example.yml', id: 'org.example', metadata: { License: 'MIT' } },
    ]);
    expect(content.appVersions).toEqual([
      { file: 'apps/org.example/versions.yaml', appId: 'org.example', versions: [] },
    ]);
    expect(content.packs[0]).toMatchObject({ id: 'hello', command: 'removeApp' });
    expect(content.config.site.base_url).toBe('https://localhost/');
    expect(content.config.retention).toEqual({ metadata_versions: 10, fdroid_diffs: 10 });
  });

  it('turns TomTom "true"/"false" strings into booleans and schema 1 into "1"', () => {
    const content = normaliseContent('/repo', [
      file(
        'package-lists/a.yaml',
        'package-list',
        'schema: 1\npackages:\n  - {name: x, path: x.apk, reboot: "true", exclude: false}\nspecial_packages:\n  - {name: y, externally_managed: "false"}\n',
      ),
      file(
        'update-locations/main.yaml',
        'update-locations',
        'schema: "2"\nuris:\n  - {list: a, optional: "true"}\nfiles:\n  - {file: /x, optional: true}\n',
      ),
    ]);
    expect(content.packageLists).toEqual([
      {
        file: 'package-lists/a.yaml',
        name: 'a',
        schema: '1',
        packages: [{ name: 'x', path: 'x.apk', reboot: true, exclude: false }],
        special_packages: [{ name: 'y', externally_managed: false }],
      },
    ]);
    expect(content.updateLocations).toEqual([
      {
        file: 'update-locations/main.yaml',
        name: 'main',
        schema: '2',
        uris: [{ list: 'a', optional: true }],
        files: [{ file: '/x', optional: true }],
      },
    ]);
  });

  it('merges gitota.yaml over the defaults section by section', () => {
    const content = normaliseContent('/repo', [
      file(
        'gitota.yaml',
        'config',
        'site: {base_url: "https://x/", title: X}\nchannels: {stable: {approvals: 2}}\ntuf: {expires: {root: 100}}\nlimits: {max_file_bytes: 10}\n',
      ),
    ]);
    expect(content.config.site).toEqual({ base_url: 'https://x/', title: 'X' });
    expect(content.config.tuf).toEqual({
      expires: { root: 100, targets: 7_776_000, snapshot: 604_800, timestamp: 86_400 },
      delegation: 'per-device',
      bins: 16,
    });
    expect(content.config.limits).toEqual({
      max_file_bytes: 10,
      external_artifact_bytes: 50_000_000,
      future_skew_seconds: 86_400,
    });
    expect(content.config.manifest.expires).toBe(604_800);
    expect(content.config.fdroid.archive_policy).toBe(3);
  });
});
