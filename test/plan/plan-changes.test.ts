import { readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { gatherPlanInput } from '../../src/plan/gather-plan-input.js';
import { planChanges } from '../../src/plan/plan-changes.js';
import { renderPlanMarkdown } from '../../src/plan/render-plan-markdown.js';
import type { Plan } from '../../src/plan/plan-types.js';
import {
  addRelease,
  commitAll,
  git,
  makeContentRepo,
  type AddedRelease,
  type ContentRepo,
} from '../publish/content-repo.js';

const NOW = 1795200000;
let repo: ContentRepo;
let base: string;
let head: string;
let stableNew: AddedRelease;
let nightlyNew: AddedRelease;
let plan: Plan;

beforeAll(async () => {
  repo = await makeContentRepo();
  base = git(repo.dir, 'rev-parse', 'HEAD');
  stableNew = await addRelease(repo.dir, {
    device: 'lynx',
    version: '22.2',
    romtype: 'stable',
    date: '20261120',
    datetime: 1795168800,
  });
  nightlyNew = await addRelease(repo.dir, {
    device: 'river',
    version: '21.0',
    romtype: 'nightly',
    date: '20261119',
    datetime: 1795082400,
  });
  await appendFile(
    join(repo.dir, 'releases/lynx/lineage-22.2-20261110-stable-lynx-signed.yaml'),
    'status: paused\n',
  );
  await rm(join(repo.dir, 'releases/bacon/lineage-21.0-20260705-nightly-bacon-signed.yaml'));
  await writeFile(
    join(repo.dir, 'packs/hello-world/staging/read-only/greeting.txt'),
    'Hello again\n',
  );
  // A pure rename of a package-list file: the list is removed under one name and added under another.
  git(repo.dir, 'mv', 'package-lists/keep-local-app.yaml', 'package-lists/keep-local-apps.yaml');
  const locations = join(repo.dir, 'update-locations/bridge-field.yaml');
  await writeFile(
    locations,
    (await readFile(locations, 'utf8')).replace(
      'list: keep-local-app\n',
      'list: keep-local-apps\n',
    ),
  );
  await writeFile(join(repo.dir, 'README.txt'), 'not content\n');
  head = commitAll(repo.dir, 'a pull request');
  plan = planChanges(await gatherPlanInput(repo.dir, base, head));
});

afterAll(async () => {
  await repo?.cleanup();
});

describe('planChanges on real commits', () => {
  it('lists every release change with its approval decision', () => {
    const summary = plan.releases.map((r) => [r.id, r.change, r.romtype, r.needsApproval]);
    expect(summary).toEqual([
      ['lineage-21.0-20260705-nightly-bacon-signed', 'removed', 'nightly', false],
      ['lineage-22.2-20261110-stable-lynx-signed', 'changed', 'stable', false],
      [stableNew.id, 'added', 'stable', true],
      [nightlyNew.id, 'added', 'nightly', false],
    ]);
    const paused = plan.releases.find((r) => r.id === 'lineage-22.2-20261110-stable-lynx-signed');
    expect(paused).toMatchObject({
      previousStatus: 'published',
      status: 'paused',
      approvalsRequired: 2,
    });
    expect(plan.releases.find((r) => r.id === stableNew.id)?.approvalsRequired).toBe(2);
  });

  it('lists other content, packs to build and files that are not content', () => {
    expect(plan.entities.map((e) => [e.kind, e.id, e.change, e.oldFile])).toEqual([
      ['pack', 'hello-world', 'changed', undefined],
      // its system pack carries hello-world's staging area too
      ['pack', 'wp76xx-system', 'changed', undefined],
      ['package-list', 'keep-local-app', 'removed', undefined],
      ['package-list', 'keep-local-apps', 'added', undefined],
      ['update-locations', 'bridge-field', 'changed', undefined],
    ]);
    expect(plan.packs).toEqual(['hello-world', 'wp76xx-system']);
    expect(plan.otherFiles).toEqual(['README.txt']);
    expect(plan.rebuildAll).toBe(false);
  });

  it('names the site files that change, and only the roles of the devices touched', () => {
    for (const path of [
      `builds/lynx/${stableNew.id}.zip`,
      'api/v1/lynx/stable.json',
      'v1/lynx/stable.json',
      'api/v2/devices/river/builds.json',
      'api/v1/bacon/nightly.json',
      'packs/hello-world.update',
      'tomtom/bridge-field/package-list.keep-local-app',
      'tomtom/bridge-field/package-list.keep-local-apps',
      'tomtom/bridge-field/update-locations',
    ]) {
      expect(plan.outputs).toContain(path);
    }
    expect(plan.outputs.some((p) => p.startsWith('api/v1/oriole/'))).toBe(false);
    expect(plan.roles).toEqual(['device-bacon', 'device-lynx', 'device-river', 'site']);
  });

  it('renders Markdown that names what waits for approval', () => {
    const md = renderPlanMarkdown(plan);
    expect(md.startsWith('<!-- gitota-plan -->\n')).toBe(true);
    expect(md).toContain(`> - \`${stableNew.id}\` (\`lynx\`, \`stable\`): 2 approvals`);
    expect(md).toContain(
      '| ➖ removed | `lineage-21.0-20260705-nightly-bacon-signed` | `bacon` | nightly | removed \\(was published\\) | — | — |',
    );
    expect(md).toContain(
      '| ✏️ changed | `lineage-22.2-20261110-stable-lynx-signed` | `lynx` | stable | published → paused | — | — |',
    );
    const zip = `files/lynx/${stableNew.id}.zip`;
    expect(md).toContain(
      `| ➕ added | \`${stableNew.id}\` | \`lynx\` | stable | published | rollout: \`100 % (no rollout)\`<br>version: \`22.2\`<br>url: \`repository file ${zip}\`<br>sha256: \`${stableNew.sha256.slice(0, 8)}…${stableNew.sha256.slice(-8)}\`<br>size: \`${stableNew.size} bytes\` | ⏳ needs 2 |`,
    );
  });
});

describe('gitota plan (CLI)', () => {
  it('prints the same plan as JSON, validating the checked-out head', async () => {
    const io = memoryIo({ cwd: repo.dir, env: { SOURCE_DATE_EPOCH: String(NOW) } });
    const code = await runCli(['plan', '--base', base, '--json'], io);
    expect(io.err.join('')).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(JSON.parse(io.out.join(''))).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it('prints readable text by default: no markup, aligned columns, the same facts', async () => {
    const io = memoryIo({ cwd: repo.dir, env: { SOURCE_DATE_EPOCH: String(NOW) } });
    expect(await runCli(['plan', '--base', base], io)).toBe(0);
    const text = io.out.join('');
    expect(text).not.toMatch(/<!--|<details>|<br>|\||\*\*|`|^#/m);
    expect(text.startsWith(`gitota plan ${base.slice(0, 12)}..${head.slice(0, 12)}\n`)).toBe(true);
    const lines = text.split('\n');
    // The release table: one header and one row per release, every column starting where the header's does.
    const header = lines.indexOf(lines.find((l) => l.startsWith('  change   release'))!);
    const row = lines.find((l) => l.includes(`added    ${stableNew.id}`))!;
    for (const column of ['device', 'channel', 'status', 'approval'])
      expect(row.slice(lines[header]!.indexOf(column))).toMatch(/^\S/);
    expect(row).toMatch(/published +⏳ needs 2$/);
    // Field by field, under the release it belongs to.
    const fields = lines.slice(lines.indexOf(row) + 1, lines.indexOf(row) + 6);
    expect(fields).toEqual([
      '      rollout: 100 % (no rollout)',
      '      version: 22.2',
      `      url: repository file files/lynx/${stableNew.id}.zip`,
      `      sha256: ${stableNew.sha256.slice(0, 8)}…${stableNew.sha256.slice(-8)}`,
      `      size: ${stableNew.size} bytes`,
    ]);
    expect(text).toContain(
      `Waiting for approval (1 on protected channels)\n  ${stableNew.id} (lynx, stable): 2 approvals`,
    );
    expect(text).toContain('Findings\n  No errors or warnings.\n');
    expect(text).toContain(`Site files that change (${plan.outputs.length})\n`);
    for (const path of plan.outputs) expect(lines).toContain(`  ${path}`);
    expect(text).toContain('Other changed files (1)\n  README.txt\n');
    expect(io.err.join('')).toBe('');
  });

  it('prints the Markdown the Action posts with --markdown', async () => {
    const io = memoryIo({ cwd: repo.dir, env: { SOURCE_DATE_EPOCH: String(NOW) } });
    expect(await runCli(['plan', '--base', base, '--markdown'], io)).toBe(0);
    expect(io.out.join('')).toBe(renderPlanMarkdown(plan));
  });

  it('prints a pack matrix', async () => {
    const io = memoryIo({ cwd: repo.dir, env: { SOURCE_DATE_EPOCH: String(NOW) } });
    expect(await runCli(['plan', '--base', base, '--head', head, '--matrix', '4'], io)).toBe(0);
    expect(JSON.parse(io.out.join(''))).toEqual({
      include: [
        { shard: '1/2', packs: 'hello-world' },
        { shard: '2/2', packs: 'wp76xx-system' },
      ],
    });
  });

  it('fails (exit 1) with diagnostics when the checked-out head is invalid', async () => {
    const file = join(repo.dir, stableNew.file);
    const saved = await readFile(file, 'utf8');
    await writeFile(file, saved.replace('romtype: stable', 'romtype: weekly'));
    commitAll(repo.dir, 'bad');
    try {
      const io = memoryIo({ cwd: repo.dir, env: { SOURCE_DATE_EPOCH: String(NOW) } });
      expect(await runCli(['plan', '--base', base], io)).toBe(1);
      expect(io.err.join('')).toContain('GITOTA112');
    } finally {
      git(repo.dir, 'reset', '-q', '--hard', head);
    }
  });

  it('refuses a missing --base as a usage error', async () => {
    const io = memoryIo({ cwd: repo.dir });
    expect(await runCli(['plan'], io)).toBe(2);
  });
});
