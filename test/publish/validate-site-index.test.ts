import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGithub, formatJson } from '../../src/diagnostics/render.js';
import { runAction } from '../../src/action/run-action.js';
import { createMemoryReporter } from '../../src/action/workflow-commands.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { CONTENT_INDEX_PATH } from '../../src/site/content-index-path.js';
import { validateRepository } from '../../src/validate/index.js';
import {
  addRelease,
  git,
  GIT_IDENTITY,
  makeContentRepo,
  type ContentRepo,
} from './content-repo.js';

/**
 * `gitota validate --site REF` against a site really published from the base
 * commit: for each kind of change on a head commit, the findings with the
 * site's content index are exactly those of a cold validate without it.
 */

const NOW = 1_795_200_000;
const env = { SOURCE_DATE_EPOCH: String(NOW), GITHUB_REPOSITORY: 'example/content' };
const SITE = 'refs/remotes/origin/gh-pages';
let repo: ContentRepo;
let base: string;
let publishedIndex: string;

beforeAll(async () => {
  repo = await makeContentRepo();
  base = git(repo.dir, 'rev-parse', 'HEAD');
  const published = await cli(['publish', '--dev-keys', '--skip-approvals']);
  expect(published.code).toBe(0);
  git(repo.dir, 'fetch', '-q', 'origin', `+gh-pages:${SITE}`);
  publishedIndex = git(repo.dir, 'show', `${SITE}:${CONTENT_INDEX_PATH}`);
}, 60_000);
afterAll(async () => {
  await repo?.cleanup();
});

async function cli(args: string[]) {
  const io = memoryIo({ cwd: repo.dir, env });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const at = (path: string) => join(repo.dir, path);

async function edit(path: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(at(path), 'utf8');
  const edited = text.replace(from, to);
  expect(edited, `${path} holds ${String(from)}`).not.toBe(text);
  await writeFile(at(path), edited);
}

const FP4_NIGHTLY = 'releases/FP4/lineage-22.1-20261018-nightly-FP4-signed.yaml';
const FP4_ZIP = 'files/FP4/lineage-22.1-20261018-nightly-FP4-signed.zip';
const CLOCK_APP = 'apps/org.gitota.example.clock.yml';
const CLOCK_VERSIONS = 'apps/org.gitota.example.clock/versions.yaml';

interface Change {
  name: string;
  make(): Promise<unknown>;
  /** A finding code the cold validate gives (so the case exercises that rule), if any. */
  finds?: string;
  /** The change makes the site's index unusable (other limits): a full validate, said once. */
  full?: true;
}

const CHANGES: Change[] = [
  {
    name: 'release added',
    make: () =>
      addRelease(repo.dir, {
        device: 'oriole',
        version: '22.2',
        romtype: 'nightly',
        date: '20261119',
        datetime: 1795100000,
      }),
  },
  {
    name: 'release changed',
    make: () => edit(FP4_NIGHTLY, 'os_sdk_level: 35', 'os_sdk_level: 34'),
  },
  { name: 'release removed', make: () => rm(at(FP4_NIGHTLY)) },
  {
    name: 'release renamed',
    make: () => rename(at(FP4_NIGHTLY), at(FP4_NIGHTLY.replace('signed.yaml', 'signed-2.yaml'))),
  },
  {
    name: 'release copied: duplicate id, filename and sha256',
    make: async () =>
      writeFile(at(FP4_NIGHTLY.replace('.yaml', '-copy.yaml')), await readFile(at(FP4_NIGHTLY))),
    finds: 'GITOTA104',
  },
  {
    name: 'release reusing a neighbour’s sha256 under its own name',
    make: async () => {
      const added = await addRelease(repo.dir, {
        device: 'FP4',
        version: '22.2',
        romtype: 'nightly',
        date: '20261120',
        datetime: 1795168800,
      });
      const sha = /sha256: "([0-9a-f]+)"/.exec(await readFile(at(FP4_NIGHTLY), 'utf8'))![1]!;
      await edit(added.file, /sha256: "[0-9a-f]+"/, `sha256: "${sha}"`);
    },
    finds: 'GITOTA116',
  },
  {
    name: 'release naming a missing device',
    make: async () => {
      await mkdir(at('releases/nosuchdevice'));
      return addRelease(repo.dir, {
        device: 'nosuchdevice',
        version: '22.2',
        romtype: 'nightly',
        date: '20261119',
        datetime: 1795100000,
      });
    },
    finds: 'GITOTA100',
  },
  {
    name: 'release older than a neighbour built before it',
    make: () =>
      addRelease(repo.dir, {
        device: 'FP4',
        version: '21.0',
        romtype: 'nightly',
        date: '20261120',
        datetime: 1795168800,
      }),
    finds: 'GITOTA106',
  },
  {
    name: 'release sharing a neighbour’s build date',
    make: () => edit(FP4_NIGHTLY, /datetime: \d+/, 'datetime: 1792894260'),
    finds: 'GITOTA107',
  },
  {
    name: 'release breaking its schema',
    make: () => appendFile(at(FP4_NIGHTLY), 'unknown_field: 1\n'),
    finds: 'GITOTA050',
  },
  {
    name: 'release not YAML',
    make: () => appendFile(at(FP4_NIGHTLY), '  : : [\n'),
    finds: 'GITOTA004',
  },
  {
    name: 'device added',
    make: () =>
      writeFile(at('devices/zzphone.yaml'), 'model: zzphone\noem: Example\nname: ZZ Phone\n'),
  },
  { name: 'device changed', make: () => edit('devices/FP4.yaml', 'Fairphone 4', 'Fairphone Four') },
  {
    name: 'device removed while releases name it',
    make: () => rm(at('devices/FP4.yaml')),
    finds: 'GITOTA100',
  },
  {
    name: 'app metadata changed',
    make: () => appendFile(at(CLOCK_APP), 'License: not-a-licence\n'),
    finds: 'GITOTA117',
  },
  {
    name: 'app versions changed',
    make: () => edit(CLOCK_VERSIONS, 'versionName: 2.0.0', 'versionName: 2.0.1'),
  },
  { name: 'app removed, its versions left', make: () => rm(at(CLOCK_APP)), finds: 'GITOTA117' },
  {
    name: 'app version path outside the repository',
    make: () =>
      edit(
        CLOCK_VERSIONS,
        'path: files/apps/org.gitota.example.clock_10.apk',
        'path: ../outside.apk',
      ),
    finds: 'GITOTA054',
  },
  {
    name: 'package list changed',
    make: () =>
      edit('package-lists/base-content.yaml', 'version: "20120327"', 'version: "20120328"'),
  },
  {
    name: 'package list naming a missing file',
    make: () => edit('package-lists/base-content.yaml', 'packagename.apk', 'missing.apk'),
    finds: 'GITOTA157',
  },
  {
    name: 'update locations naming a missing list',
    make: () =>
      edit('update-locations/fleet-abc.yaml', 'list: package-list-C', 'list: package-list-Z'),
    finds: 'GITOTA160',
  },
  { name: 'Legato pack changed', make: () => edit('packs/hello-world.yaml', '"1.2.0"', '"1.2.1"') },
  {
    name: 'Legato pack naming an unknown target',
    make: () => edit('packs/hello-world.yaml', '  - mangoh-red', '  - no-such-board'),
    finds: 'GITOTA202',
  },
  {
    name: 'config: a channel removed',
    make: () => edit('gitota.yaml', /\n {2}nightly:\n(?: {4}.*\n)+/, '\n'),
    finds: 'GITOTA112',
  },
  {
    name: 'config: another size limit (a fingerprint of other limits)',
    make: () => edit('gitota.yaml', 'max_file_bytes: 4194304', 'max_file_bytes: 4194000'),
    full: true,
  },
  {
    name: 'payload bytes changed, no content file',
    make: () => writeFile(at(FP4_ZIP), 'other bytes'),
    finds: 'GITOTA115',
  },
];

/** Checks out `base` with no local cache (a fresh runner), applies `make`, commits. */
async function headWith(make: () => Promise<unknown>): Promise<void> {
  git(repo.dir, 'checkout', '-q', '-f', '--detach', base);
  git(repo.dir, 'clean', '-q', '-fdx');
  await make();
  git(repo.dir, 'add', '-A');
  git(repo.dir, 'commit', '-q', '--allow-empty', '-m', 'head');
}

/** The cold findings (no index at all) and the CLI's with the site's index, from a fresh runner. */
async function coldAndIndexed(site = SITE) {
  const cold = await validateRepository(repo.dir, { now: NOW });
  await rm(at('.gitota'), { recursive: true, force: true });
  const indexed = await cli(['validate', '--format', 'json', '--stats', '--site', site]);
  return { cold: formatJson(cold.diagnostics), coldFiles: cold.stats.files, indexed };
}

interface JsonReport {
  diagnostics: Array<{ code: string }>;
  errors: number;
}
const codesOf = (json: string) => (JSON.parse(json) as JsonReport).diagnostics.map((d) => d.code);
const errorsOf = (json: string) => (JSON.parse(json) as JsonReport).errors;

function freshCount(stderr: string): number {
  return Number(/(\d+) read and checked/.exec(stderr)?.[1]);
}

describe('gitota validate --site: the published index gives the cold findings', () => {
  it.each(CHANGES)('$name', async ({ make, finds, full }) => {
    await headWith(make);
    const { cold, coldFiles, indexed } = await coldAndIndexed();
    expect(indexed.out).toBe(cold);
    expect(indexed.code).toBe(errorsOf(cold) > 0 ? 1 : 0);
    const codes = codesOf(cold);
    if (finds !== undefined) expect(codes).toContain(finds);
    if (full) {
      expect(indexed.err.match(/not usable/g)).toHaveLength(1);
      expect(freshCount(indexed.err)).toBe(coldFiles);
    } else {
      expect(indexed.err).not.toContain('not usable');
      // The site's index was used: most files were not read again.
      expect(freshCount(indexed.err)).toBeLessThan(coldFiles / 2);
    }
  });
});

/** A Pages commit carrying `text` as its content index (or none). */
function siteCommitWith(text: string | undefined): string {
  const run = (args: string[], input?: string) =>
    execFileSync('git', args, {
      cwd: repo.dir,
      input,
      env: { ...process.env, ...GIT_IDENTITY },
    })
      .toString('utf8')
      .trim();
  const entries =
    text === undefined
      ? ''
      : `100644 blob ${run(['hash-object', '-w', '--stdin'], text)}\t${CONTENT_INDEX_PATH}\n`;
  return run(['commit-tree', run(['mktree'], entries), '-m', 'site']);
}

const BAD_INDEXES: Array<{ name: string; text: () => string | undefined }> = [
  { name: 'none on the site', text: () => undefined },
  { name: 'foreign (not gitota’s)', text: () => '{"hello":"world"}\n{}' },
  {
    name: 'corrupt (a byte of the body changed)',
    text: () => publishedIndex.replace('"valid":true', '"valid":fals'),
  },
  { name: 'truncated', text: () => publishedIndex.slice(0, publishedIndex.length / 2) },
  {
    name: 'of another gitota version',
    text: () => publishedIndex.replace(/"gitota":"[^"]+"/, '"gitota":"0.0.0-other"'),
  },
  {
    name: 'of other schemas or rules (another fingerprint)',
    text: () =>
      publishedIndex.replace(/"fingerprint":"[0-9a-f]+"/, `"fingerprint":"${'0'.repeat(64)}"`),
  },
];

describe('gitota validate --site: an index it cannot use means a full validate', () => {
  it.each(BAD_INDEXES)('$name', async ({ text }) => {
    await headWith(() => edit(FP4_NIGHTLY, 'os_sdk_level: 35', 'os_sdk_level: 34'));
    const site = siteCommitWith(text());
    const { cold, coldFiles, indexed } = await coldAndIndexed(site);
    expect(indexed.out).toBe(cold);
    expect(indexed.code).toBe(errorsOf(cold) > 0 ? 1 : 0);
    expect(freshCount(indexed.err)).toBe(coldFiles);
    // Said once, as a note: not an error.
    expect(indexed.err.match(/not usable/g)).toHaveLength(1);
    expect(indexed.err).not.toMatch(/^error|GITOTA\d/m);
  });
});

describe('the Action’s check on a pull request', () => {
  it('validates with the Pages branch’s content index, with the cold findings', async () => {
    await headWith(() => rm(at('devices/FP4.yaml')));
    const cold = await validateRepository(repo.dir, { now: NOW });
    const eventPath = join(repo.dir, '.git', 'event.json');
    const head = git(repo.dir, 'rev-parse', 'HEAD');
    await writeFile(
      eventPath,
      JSON.stringify({ pull_request: { number: 3, base: { sha: base }, head: { sha: head } } }),
    );
    const reporter = createMemoryReporter();
    const code = await runAction({
      env: {
        GITHUB_WORKSPACE: repo.dir,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_EVENT_NAME: 'pull_request',
        INPUT_MODE: 'validate',
        SOURCE_DATE_EPOCH: String(NOW),
      },
      reporter,
      now: () => NOW,
    });
    expect(code).toBe(1);
    const log = reporter.log.join('\n');
    expect(log).toMatch(
      /\b\d+ of \d+ files read and checked; the rest from the content index of gh-pages/,
    );
    expect(log).toContain(formatGithub(cold.diagnostics).trim());
  });
});
