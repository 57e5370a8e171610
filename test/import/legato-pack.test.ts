import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../commands/example-repo.js';
import {
  buildSite,
  makeContentRepository,
  removeTree,
  runGitota,
  snapshotTree,
} from './import-support.js';

/** Packs made by Legato's own recipe (scripts/make-example-packs.sh and the pack tests' fixtures). */
const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/packs');
const PACKS = [
  'hello-world.update',
  'remove-hello-world.update',
  'wp76xx-firmware.update',
  'wp76xx-system.update',
];

describe('gitota import legato-pack: Legato packs round trip byte for byte', () => {
  let root: string;
  beforeAll(async () => {
    root = await makeContentRepository();
  });
  afterAll(async () => {
    await removeTree(root);
  });

  it('imports every kind of pack, and gitota build writes each one again byte for byte', async () => {
    const result = await runGitota(
      ['import', 'legato-pack', ...PACKS.map((p) => join(FIXTURES, p))],
      root,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await readdir(join(root, 'packs'))).sort()).toEqual([
      'helloWorld',
      'helloWorld.yaml',
      'remove-helloWorld.yaml',
      'wp76xx-firmware',
      'wp76xx-firmware.yaml',
      'wp76xx-system',
      'wp76xx-system.yaml',
    ]);
    expect(await readFile(join(root, 'packs/remove-helloWorld.yaml'), 'utf8')).toBe(
      '# yaml-language-server: $schema=../schemas/pack.schema.json\ncommand: removeApp\nname: helloWorld\n',
    );
    const site = await buildSite(root);
    try {
      const built = await readdir(join(site, 'packs'));
      for (const pack of PACKS) {
        const original = await readFile(join(FIXTURES, pack));
        const matches = [];
        for (const name of built)
          if ((await readFile(join(site, 'packs', name))).equals(original)) matches.push(name);
        // The content-addressed copy packs/<sha256>.<name>.update, plus the fixed-name one.
        expect(
          matches.some((m) => m.startsWith(createHash('sha256').update(original).digest('hex'))),
          `${pack}: ${matches.join(', ')}`,
        ).toBe(true);
      }
    } finally {
      await removeTree(site);
    }
  });

  it('is idempotent', async () => {
    const before = await snapshotTree(root);
    const again = await runGitota(
      [
        'import',
        'legato-pack',
        join(FIXTURES, 'hello-world.update'),
        join(FIXTURES, 'wp76xx-system.update'),
      ],
      root,
    );
    expect(again.stdout).toMatch(/^0 files written, \d+ already up to date\n$/);
    expect(await snapshotTree(root)).toEqual(before);
  });
});
