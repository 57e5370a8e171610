import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGitota } from '../commands/example-repo.js';
import {
  startYamlLanguageServer,
  type LspDiagnostic,
  type YamlLanguageServer,
} from '../support/lsp-client.js';

/**
 * The real yaml-language-server (npm), driven over stdio as an editor drives
 * it, in a repository made by `gitota init`: every `$schema` comment gitota
 * wrote resolves (schemas/ is in the repository), a misspelt key is reported,
 * and completion offers the schema's keys. Nothing is fetched: the schema store
 * is off and every schema is a file of the repository.
 */

let work: string;
let repo: string;
let server: YamlLanguageServer;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gitota-yamlls-'));
  repo = join(work, 'fleet');
  const init = await runGitota(['init', repo], work);
  if (init.code !== 0) throw new Error(init.stderr);
  const editor = JSON.parse(await readFile(join(repo, '.vscode/settings.json'), 'utf8')) as {
    'yaml.schemas': Record<string, string[]>;
  };
  server = await startYamlLanguageServer(repo, {
    validate: true,
    completion: true,
    hover: true,
    schemaStore: { enable: false },
    schemas: editor['yaml.schemas'],
  });
});
afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

const errors = (diagnostics: LspDiagnostic[]) => diagnostics.filter((d) => d.severity === 1);
const lineOf = (text: string, needle: string) =>
  text.split('\n').findIndex((l) => l.startsWith(needle));

describe('yaml-language-server in a gitota init repository', () => {
  it.each([
    ['gitota.yaml', 'retention:', 'retension:'],
    ['devices/example.yaml', 'oem:', 'oemm:'],
    ['releases/example/lineage-22.1-20250106-nightly-example-signed.yaml', 'romtype:', 'romtyp:'],
    ['apps/org.gitota.example.notes/versions.yaml', '    apkName:', '    apkname:'],
    ['package-lists/example-apps.yaml', 'release:', 'relase:'],
    ['update-locations/example-fleet.yaml', 'update_scan_interval:', 'update_scan_intervall:'],
    ['packs/hello-world.yaml', 'targets:', 'target:'],
  ])(
    '%s: a clean file has no error; a misspelt key (%s → %s) is reported on its line',
    async (path, key, misspelt) => {
      const file = join(repo, path);
      const text = await readFile(file, 'utf8');
      expect(text.split('\n')[0]).toMatch(
        /^# yaml-language-server: \$schema=(\.\.\/)*schemas\/[a-z-]+\.schema\.json$/,
      );
      expect(errors(await server.open(file, text))).toEqual([]);
      const broken = text.replace(key, misspelt);
      const found = errors(await server.change(file, broken));
      const name = misspelt.trim().replace(/:$/, '');
      const unknown = found.find((d) => d.message === `Property ${name} is not allowed.`);
      expect(unknown, JSON.stringify(found)).toBeDefined();
      expect(unknown?.range.start.line).toBe(lineOf(broken, misspelt));
      expect(unknown?.source).toMatch(/^yaml-schema: /);
    },
  );

  it.each([
    ['devices/example.yaml', ['hardware']],
    [
      'releases/example/lineage-22.1-20250106-nightly-example-signed.yaml',
      ['rollout', 'status', 'from'],
    ],
    ['gitota.yaml', ['limits']],
    ['packs/hello-world.yaml', ['apps']],
  ])(
    '%s: completion at a new key offers the keys of its schema not yet used (%j among them)',
    async (path, expected) => {
      const file = join(repo, path);
      const text = `${await readFile(file, 'utf8')}\n`;
      await server.open(file, text);
      const labels = await server.complete(file, text.split('\n').length - 1, 0);
      for (const key of expected) expect(labels).toContain(key);
      // Keys already in the file are not offered again.
      expect(labels).not.toContain(
        text
          .split('\n')
          .find((l) => /^[a-z_]+:/.test(l))
          ?.split(':')[0],
      );
    },
  );

  it('checks a new file that has no $schema comment yet, through the editor settings (.vscode/settings.json)', async () => {
    const file = join(repo, 'devices/second.yaml');
    const text = 'model: second\noem: Example\nname: Second\nhas_recovery: true\nrecoveryy: true\n';
    const found = errors(await server.open(file, text));
    expect(found.map((d) => d.message)).toContain('Property recoveryy is not allowed.');
  });

  it('reports a schema it cannot load (what a repository without schemas/ got), and gitota fmt puts schemas/ back', async () => {
    const bare = join(work, 'no-schemas');
    expect((await runGitota(['init', bare, '--kinds', 'lineage'], work)).code).toBe(0);
    const kept = await readFile(join(bare, 'schemas/device.schema.json'), 'utf8');
    await rm(join(bare, 'schemas'), { recursive: true });
    const file = join(bare, 'devices/example.yaml');
    const text = (await readFile(file, 'utf8')).replace('oem:', 'oemm:');
    const settings = { validate: true, completion: true, schemaStore: { enable: false } };
    const before = await startYamlLanguageServer(bare, settings);
    try {
      const missing = await before.open(file, text);
      expect(missing.map((d) => d.message).join('\n')).toMatch(/Unable to load schema/);
      expect(missing.map((d) => d.message)).not.toContain('Property oemm is not allowed.');
    } finally {
      await before.close();
    }

    const fmt = await runGitota(['fmt', '--repo', bare], work);
    expect(fmt.code, fmt.stderr).toBe(0);
    expect(fmt.stdout).toContain('reformatted schemas/device.schema.json\n');
    expect(await readFile(join(bare, 'schemas/device.schema.json'), 'utf8')).toBe(kept);
    const after = await startYamlLanguageServer(bare, settings);
    try {
      expect(errors(await after.open(file, text)).map((d) => d.message)).toContain(
        'Property oemm is not allowed.',
      );
    } finally {
      await after.close();
    }
  });
});
