import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CORPUS, copyExampleRepository, runGitota } from './example-repo.js';

const METADATA = join(CORPUS, 'fdroiddata/metadata');

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

async function repositoryWithCorpus(): Promise<string> {
  const { root, cleanup } = await copyExampleRepository();
  cleanups.push(cleanup);
  await cp(METADATA, join(root, 'apps'), { recursive: true });
  return root;
}

/**
 * Shuffles F-Droid metadata by lines, independently of gitota's own code:
 * top-level fields in reverse, each build entry's flags in reverse, and the
 * blank lines between fields and between build entries dropped.
 */
function scramble(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const fields: string[][] = [];
  for (const line of lines) {
    if (/^[A-Za-z]/.test(line)) fields.push([line]);
    else fields[fields.length - 1]!.push(line);
  }
  const dropTrailingBlank = (chunk: string[]): string[] => {
    const copy = [...chunk];
    while (copy.length > 1 && copy[copy.length - 1] === '') copy.pop();
    return copy;
  };
  const out = fields.map((field) => {
    const body = dropTrailingBlank(field);
    if (body[0] !== 'Builds:') return body;
    const entries: string[][] = [];
    for (const line of body.slice(1)) {
      if (line.startsWith('  - ')) entries.push([line]);
      else entries[entries.length - 1]!.push(line);
    }
    const scrambled = entries.map((entry) => {
      const flags: string[][] = [];
      for (const [i, line] of dropTrailingBlank(entry).entries()) {
        const asFlag = i === 0 ? `    ${line.slice(4)}` : line;
        if (/^ {4}[A-Za-z]/.test(asFlag)) flags.push([asFlag]);
        else flags[flags.length - 1]!.push(asFlag);
      }
      const reversed = flags.reverse().flat();
      return [`  - ${reversed[0]!.slice(4)}`, ...reversed.slice(1)];
    });
    return ['Builds:', ...scrambled.flat()];
  });
  return out.reverse().flat().join('\n') + '\n';
}

describe('gitota fmt', () => {
  it('leaves all 297 rewritemeta-formatted corpus files byte for byte unchanged', async () => {
    const root = await repositoryWithCorpus();
    const names = (await readdir(METADATA)).sort();
    expect(names.length).toBe(297);
    const check = await runGitota(['fmt', '--check', 'apps'], root);
    expect(check.stdout).toMatch(/^0 of \d+ files would be reformatted\n$/);
    expect(check.code).toBe(0);
    const run = await runGitota(['fmt', '--repo', root, join(root, 'apps')], '/');
    expect(run.code).toBe(0);
    for (const name of names) {
      expect(await readFile(join(root, 'apps', name), 'utf8'), name).toBe(
        await readFile(join(METADATA, name), 'utf8'),
      );
    }
  });

  it('puts scrambled corpus files back into rewritemeta order exactly', async () => {
    const root = await repositoryWithCorpus();
    const names = (await readdir(METADATA)).sort();
    let scrambledCount = 0;
    for (const name of names) {
      const original = await readFile(join(METADATA, name), 'utf8');
      const scrambled = scramble(original);
      if (scrambled !== original) scrambledCount++;
      await writeFile(join(root, 'apps', name), scrambled);
    }
    expect(scrambledCount).toBeGreaterThan(290);
    const check = await runGitota(['fmt', '--check', '--repo', root], '/');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`would reformat apps/${names[0]}\n`);
    const run = await runGitota(['fmt', '--repo', root], '/');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`\\n${scrambledCount} of \\d+ files reformatted\\n$`));
    for (const name of names) {
      expect(await readFile(join(root, 'apps', name), 'utf8'), name).toBe(
        await readFile(join(METADATA, name), 'utf8'),
      );
    }
    // fmt twice = fmt once.
    expect((await runGitota(['fmt', '--check', '--repo', root], '/')).code).toBe(0);
  });

  it('--check lists what would change, changes nothing, exits 1; fmt then fixes it', async () => {
    const { root, cleanup } = await copyExampleRepository();
    cleanups.push(cleanup);
    await runGitota(['fmt', '--repo', root], '/');
    const path = join(root, 'devices/bacon.yaml');
    const messy = 'name: One\n# the codename\nmodel: bacon\noem: OnePlus\nhas_recovery: true\n';
    await writeFile(path, messy);
    const check = await runGitota(['fmt', '--check'], root);
    expect(check).toMatchObject({ code: 1 });
    expect(check.stdout).toMatch(
      /^would reformat devices\/bacon\.yaml\n1 of \d+ files would be reformatted\n$/,
    );
    expect(await readFile(path, 'utf8')).toBe(messy);
    const run = await runGitota(['fmt', 'devices'], root);
    expect(run.code).toBe(0);
    expect(await readFile(path, 'utf8')).toBe(
      '# yaml-language-server: $schema=../schemas/device.schema.json\n# the codename\nmodel: bacon\noem: OnePlus\nname: One\nhas_recovery: true\n',
    );
    expect((await runGitota(['validate'], root)).code).toBe(0);
  });

  it('reports a file that does not parse, leaves it alone and exits 1', async () => {
    const { root, cleanup } = await copyExampleRepository();
    cleanups.push(cleanup);
    const path = join(root, 'devices/bacon.yaml');
    await writeFile(path, 'model: [bacon\n');
    const run = await runGitota(['fmt', 'devices/bacon.yaml'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^devices\/bacon\.yaml:\d+:\d+: error GITOTA004 /);
    expect(await readFile(path, 'utf8')).toBe('model: [bacon\n');
  });
});
