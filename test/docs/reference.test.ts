import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  renderActionBlock,
  renderCliReference,
  withActionBlock,
} from '../../scripts/generate-reference.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

/** The reference pages say what the code says: regenerate with `npx tsx scripts/generate-reference.ts`. */

const ROOT = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('docs/cli.md', () => {
  it("is exactly what the commands' own help renders (npx tsx scripts/generate-reference.ts)", async () => {
    expect(
      read('docs/cli.md'),
      'docs/cli.md is stale: run `npx tsx scripts/generate-reference.ts`',
    ).toBe(await renderCliReference());
  });

  it("holds each command's usage as `gitota help COMMAND` prints it", async () => {
    const page = read('docs/cli.md');
    for (const entry of COMMANDS) {
      const io = memoryIo({ cwd: '/' });
      expect(await runCli(['help', entry.name], io)).toBe(0);
      expect(page).toContain(`## gitota ${entry.name}\n\n\`\`\`\n${io.out.join('')}\`\`\``);
    }
  });
});

describe('docs/action.md', () => {
  it('lists every input and output of action.yml as the generator does', () => {
    const page = read('docs/action.md');
    expect(page, 'docs/action.md is stale: run `npx tsx scripts/generate-reference.ts`').toBe(
      withActionBlock(page),
    );
    expect(page).toContain(renderActionBlock());
  });
});

describe('the docs', () => {
  const pages = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((n) => n.endsWith('.md'))
      .map((n) => `docs/${n}`),
  ];

  it('link only to files that exist (docs/updates.md comes with feat/check-updates)', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, target] of read(page).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (target === undefined || /^[a-z]+:/.test(target)) continue;
        const path = normalize(join(dirname(page), target));
        if (path === 'docs/updates.md') continue;
        if (!existsSync(join(ROOT, path))) broken.push(`${page} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('index every page from docs/README.md, docs/updates.md included', () => {
    const index = read('docs/README.md');
    for (const page of pages.filter((p) => p.startsWith('docs/') && p !== 'docs/README.md'))
      expect(index).toContain(`](${page.slice('docs/'.length)})`);
    expect(index).toContain('](updates.md)');
  });

  it('README: the two commands first, then the ten-minute path through init, keygen, a pull request, publish and a device check', () => {
    const readme = read('README.md');
    expect(readme.split('\n').slice(0, 6).join('\n')).toMatch(
      /^# gitota\n\n```sh\nnpm ci && npm start .*\nnpm ci && npm test .*\n```/,
    );
    const path = readme.slice(readme.indexOf('## Your own repository in ten minutes'));
    const steps = [
      'gitota init',
      'gitota keygen',
      'gh secret set',
      'gitota add-build',
      'gitota check',
    ].map((step) => path.indexOf(step));
    expect(
      steps.every((at) => at > 0),
      JSON.stringify(steps),
    ).toBe(true);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(path).toMatch(/uses: [A-Za-z0-9-]+\/gitota@v\d+/);
  });
});
