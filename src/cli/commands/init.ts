import { basename, relative, resolve } from 'node:path';
import { InitError } from '../../init/init-errors.js';
import {
  folderContent,
  starterFiles,
  writeStarterFiles,
  type InitResult,
} from '../../init/init-repository.js';
import { pagesUrlOf } from '../../init/render-config.js';
import { usesOf, type ActionReference } from '../../init/render-workflows.js';
import {
  parseStarterKinds,
  STARTER_KIND_NAMES,
  STARTER_KINDS,
  type StarterKind,
} from '../../init/starter-kinds.js';
import { parseCommandArgs, type Command } from '../command.js';
import { EXIT_OK, UsageError, type CliIo } from '../io.js';
import { GITOTA_ACTION_REPOSITORY, GITOTA_PACKAGE_VERSION, majorTagOf } from '../package-info.js';
import { normaliseBaseUrl } from '../../publish/build-site.js';

const DEFAULT_REF = majorTagOf(GITOTA_PACKAGE_VERSION) ?? 'main';

const USAGE = `Usage: gitota init [DIR] [--kinds ${STARTER_KINDS.join(',')}] [--force]
                   [--site-url URL] [--title TEXT] [--github-repository OWNER/REPO]
                   [--action-repository OWNER/NAME] [--action-ref REF]

Writes a new content repository into DIR (default: the current folder) that
validates and builds at once: gitota.yaml (site URL, channels and their approval
policies, key settings, retention), one small example of each kind, .gitignore,
the workflows (pull request, publish, refresh) using the gitota action by
reference, CONTRIBUTING.md, schemas/ and editor settings that map them.

A file that exists is never replaced. A folder with files in it (other than
.git) needs --force, which adds the starter files and keeps every existing one.

Options:
  --kinds LIST                examples to include, comma-separated (default: all):
${STARTER_KINDS.map((k) => `                                ${k.padEnd(8)} ${STARTER_KIND_NAMES[k]}`).join('\n')}
  --force                     add to a folder that is not empty (existing files are kept)
  --site-url URL              where the site is served (default: the GitHub Pages URL
                              of --github-repository, else https://updates.example.org/)
  --title TEXT                the site's name (default: from the folder's name)
  --github-repository O/R     the content repository on GitHub (release assets, Pages URL)
  --action-repository O/N     the gitota action the workflows use (default: ${GITOTA_ACTION_REPOSITORY})
  --action-ref REF            its tag or commit (default: ${DEFAULT_REF}, this gitota's major version)

Exit status: 0 written, 1 the folder was refused (nothing written), 2 usage error.
`;

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export const initCommand: Command = {
  name: 'init',
  summary: 'start a new content repository: config, examples, workflows, schemas',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        kinds: { type: 'string' },
        force: { type: 'boolean' },
        'site-url': { type: 'string' },
        title: { type: 'string' },
        'github-repository': { type: 'string' },
        'action-repository': { type: 'string' },
        'action-ref': { type: 'string' },
      },
      true,
    );
    if (positionals.length > 1) throw new UsageError(`one DIR at most, got ${positionals.length}`);
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    const kinds = kindsOf(values.kinds);
    const githubRepository = values['github-repository'];
    if (githubRepository !== undefined && !REPOSITORY.test(githubRepository))
      throw new UsageError(
        `--github-repository takes OWNER/REPO, got ${JSON.stringify(githubRepository)}`,
      );
    const action: ActionReference = {
      repository: values['action-repository'] ?? GITOTA_ACTION_REPOSITORY,
      ref: values['action-ref'] ?? DEFAULT_REF,
    };
    if (!REPOSITORY.test(action.repository))
      throw new UsageError(
        `--action-repository takes OWNER/NAME, got ${JSON.stringify(action.repository)}`,
      );
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(action.ref))
      throw new UsageError(
        `--action-ref takes a tag, branch or commit, got ${JSON.stringify(action.ref)}`,
      );
    const siteUrl = siteUrlOf(
      values['site-url'] ??
        (githubRepository !== undefined
          ? pagesUrlOf(githubRepository)
          : 'https://updates.example.org/'),
    );
    const title = values.title ?? `${basename(dir)} updates`;

    const present = await folderContent(dir);
    if (present !== 'missing' && present.length > 0 && values.force !== true) {
      throw new InitError(
        'GITOTA700',
        `${dir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}); give --force to add the starter files and keep every file already there`,
      );
    }
    const files = await starterFiles({
      kinds,
      siteUrl,
      title,
      ...(githubRepository !== undefined ? { githubRepository } : {}),
      action,
      schemas: { repository: GITOTA_ACTION_REPOSITORY, version: GITOTA_PACKAGE_VERSION },
    });
    const result = await writeStarterFiles(dir, files);
    io.stdout(
      report(result, {
        dir: relative(io.cwd, dir) || '.',
        kinds,
        action,
        siteUrl,
        githubRepository,
      }),
    );
    return EXIT_OK;
  },
};

function siteUrlOf(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new UsageError(`--site-url ${JSON.stringify(url)} is not an absolute URL`, {
      cause: error,
    });
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || /\s/.test(url))
    throw new UsageError(
      `--site-url must be an http(s) URL without spaces, got ${JSON.stringify(url)}`,
    );
  return normaliseBaseUrl(url);
}

function kindsOf(value: string | undefined): StarterKind[] {
  if (value === undefined) return [...STARTER_KINDS];
  const parsed = parseStarterKinds(value);
  if ('unknown' in parsed)
    throw new UsageError(
      `--kinds: unknown kind ${JSON.stringify(parsed.unknown)}; the kinds are ${STARTER_KINDS.join(', ')}`,
    );
  if (parsed.kinds.length === 0)
    throw new UsageError(`--kinds names no kind; the kinds are ${STARTER_KINDS.join(', ')}`);
  return parsed.kinds;
}

function report(
  result: InitResult,
  facts: {
    dir: string;
    kinds: StarterKind[];
    action: ActionReference;
    siteUrl: string;
    githubRepository: string | undefined;
  },
): string {
  const lines: string[] = [];
  for (const path of result.written) lines.push(`wrote ${path}`);
  for (const path of result.kept) lines.push(`kept  ${path} (it exists; not replaced)`);
  if (result.gitignoreMissing.length > 0) {
    lines.push(
      `gitota init: warning GITOTA702 .gitignore does not ignore ${result.gitignoreMissing.join(' or ')}: add ${result.gitignoreMissing.length === 1 ? 'it' : 'them'}, so development keys and caches never reach git`,
    );
  }
  const cd = facts.dir === '.' ? '' : `cd ${facts.dir} && `;
  lines.push(
    '',
    `${result.written.length} file${result.written.length === 1 ? '' : 's'} written, ${result.kept.length} kept: a content repository with ${facts.kinds.join(', ')} examples, using the action ${usesOf(facts.action)}.`,
    '',
    'Next:',
    `  1. Check and build it here:      ${cd}gitota validate && gitota build   (or gitota start to serve it)`,
    `  2. Make it a git repository:     git init -b main && git add -A && git commit -m "Start with gitota"`,
    '  3. Make the signing keys:        gitota keygen --out ~/gitota-keys --root-keys 3 --threshold 2',
    '     then commit trust/ (public), and keep root-*.pem offline, one holder each.',
    '  4. Store the online keys as secrets of a "release" environment (Settings → Environments):',
    '                                   gh secret set -f ~/gitota-keys/secrets.env --env release && rm ~/gitota-keys/secrets.env',
    `  5. Push to GitHub${facts.githubRepository ? ` (${facts.githubRepository})` : ''}; after the first publish, turn on Pages:`,
    '     Settings → Pages → Deploy from a branch → gh-pages, / (root).',
    `  6. Check that site.base_url in gitota.yaml (${facts.siteUrl}) is where the site is served.`,
    '  7. Open a pull request (a build, an app version): the pull request workflow comments the plan;',
    '     after the merge, the publish workflow signs and publishes. See CONTRIBUTING.md.',
  );
  return `${lines.join('\n')}\n`;
}
