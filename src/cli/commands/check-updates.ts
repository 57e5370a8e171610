import { formatJson, formatText } from '../../diagnostics/render.js';
import { sortDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { createOctokitPullsApi } from '../../github/octokit-api.js';
import { gitText } from '../../git/run-git.js';
import {
  findApksigner,
  runCheckUpdates,
  type CheckUpdatesRequest,
} from '../../updates/check-updates.js';
import { UPDATE_CHECK_DEFAULTS } from '../../updates/run-update-check.js';
import { renderSummaryText } from '../../updates/summary.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { readClock } from '../clock.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../io.js';

const USAGE = `Usage: gitota check-updates [ID...] [--pull-requests] [options] [--repo DIR]

Looks upstream for new versions, as 'fdroid checkupdates --auto' does: for every
app (or the app ids and device codenames given) by its UpdateCheckMode (Tags
[pattern], RepoManifest[/branch], HTTP with UpdateCheckData; None and Static are
skipped), and for every device with a watch: source. A new app version updates
CurrentVersion/CurrentVersionCode (and Builds, with AutoUpdateMode Version); when
Binaries names the APK it is downloaded, its signature verified (apksigner) and
its signer checked against AllowedAPKSigningKeys, and it is added to
apps/<id>/versions.yaml. A new OTA build becomes a release file.

Without --pull-requests the changes are written into the work tree. With it, each
app or device gets one pull request on branch gitota/updates/<kind>/<id>
(opened, or updated when open; a version whose pull request was closed unmerged is
not proposed again). A change that brings validation errors is not made.

  --pull-requests          push a branch and open or update a pull request per app or device
  --remote NAME            the remote to push to (default: origin)
  --base-branch NAME       the branch pull requests target (default: the checked-out branch)
  --github-repository O/R  the repository of the pull requests (default: GITHUB_REPOSITORY)
  --github-api-url URL     GitHub's REST API (default: GITHUB_API_URL or https://api.github.com)
  --token-env NAME         the environment variable holding the token that opens pull requests
                           (default: GITOTA_UPDATE_TOKEN, else GITHUB_TOKEN; see docs/updates.md)
  --timeout SECONDS        per request or git command (default: 30)
  --budget SECONDS         the whole run; what is not checked by then is skipped (default: 1200)
  --per-host N             requests at a time to one host (default: 2)
  --concurrency N          apps and devices checked at a time (default: 4)
  --max-apk-bytes N        largest upstream APK (default: 209715200)
  --max-zip-bytes N        largest OTA zip (default: 4294967296)
  --recheck-after SECONDS  skip what was checked less than this long ago (default: 0)
  --no-cache               neither read nor write .gitota/updates/
  --apksigner PATH         apksigner to verify APK signatures with (default: found on PATH)
  --json                   the summary and diagnostics as JSON
  --repo DIR               the content repository (default: .)

Exit status: 0 nothing failed, 1 an app or device failed or a change was refused, 2 usage error.
`;

function count(value: string | undefined, flag: string, fallback: number, scale = 1): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1)
    throw new UsageError(`${flag} takes a positive whole number, got ${JSON.stringify(value)}`);
  return Number(value) * scale;
}

export const checkUpdatesCommand: Command = {
  name: 'check-updates',
  summary: 'find new upstream app versions and OTA builds; write them or open pull requests',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        ...REPO_OPTION,
        'pull-requests': { type: 'boolean' },
        remote: { type: 'string' },
        'base-branch': { type: 'string' },
        'github-repository': { type: 'string' },
        'github-api-url': { type: 'string' },
        'token-env': { type: 'string' },
        timeout: { type: 'string' },
        budget: { type: 'string' },
        'per-host': { type: 'string' },
        concurrency: { type: 'string' },
        'max-apk-bytes': { type: 'string' },
        'max-zip-bytes': { type: 'string' },
        'recheck-after': { type: 'string' },
        'no-cache': { type: 'boolean' },
        apksigner: { type: 'string' },
        json: { type: 'boolean' },
      },
      true,
    );
    const root = repoDir(values.repo, io);
    const now = readClock(io.env);
    const tokenEnv = values['token-env'];
    if (tokenEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv))
      throw new UsageError('--token-env takes the name of an environment variable');
    const token =
      (tokenEnv !== undefined
        ? io.env[tokenEnv]
        : io.env.GITOTA_UPDATE_TOKEN || io.env.GITHUB_TOKEN) ?? '';
    const apiUrl = values['github-api-url'] ?? io.env.GITHUB_API_URL ?? 'https://api.github.com';
    const request: CheckUpdatesRequest = {
      check: {
        root,
        ids: positionals,
        now,
        timeoutMs: count(values.timeout, '--timeout', UPDATE_CHECK_DEFAULTS.timeoutMs, 1000),
        budgetMs: count(values.budget, '--budget', UPDATE_CHECK_DEFAULTS.budgetMs, 1000),
        perHost: count(values['per-host'], '--per-host', UPDATE_CHECK_DEFAULTS.perHost),
        concurrency: count(values.concurrency, '--concurrency', UPDATE_CHECK_DEFAULTS.concurrency),
        maxApkBytes: count(
          values['max-apk-bytes'],
          '--max-apk-bytes',
          UPDATE_CHECK_DEFAULTS.maxApkBytes,
        ),
        maxZipBytes: count(
          values['max-zip-bytes'],
          '--max-zip-bytes',
          UPDATE_CHECK_DEFAULTS.maxZipBytes,
        ),
        maxPageBytes: UPDATE_CHECK_DEFAULTS.maxPageBytes,
        maxTags: UPDATE_CHECK_DEFAULTS.maxTags,
        recheckAfter:
          values['recheck-after'] === undefined
            ? 0
            : count(values['recheck-after'], '--recheck-after', 0),
        githubApiUrl: apiUrl,
        ...(token !== '' ? { githubToken: token } : {}),
        ...(values['no-cache'] ? { cacheDir: null } : {}),
        ...((values.apksigner ?? findApksigner())
          ? { apksigner: values.apksigner ?? findApksigner()! }
          : {}),
      },
    };
    if (values['pull-requests']) {
      const repository = values['github-repository'] ?? io.env.GITHUB_REPOSITORY ?? '';
      if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repository))
        throw new UsageError(
          '--pull-requests needs --github-repository OWNER/REPO (or GITHUB_REPOSITORY)',
        );
      if (token === '')
        throw new UsageError(
          `--pull-requests needs a token in ${tokenEnv ?? 'GITOTA_UPDATE_TOKEN or GITHUB_TOKEN'}`,
        );
      const baseBranch =
        values['base-branch'] ??
        (await gitText(['symbolic-ref', '--quiet', '--short', 'HEAD'], {
          cwd: root,
          allowExit: [1],
        }));
      if (baseBranch === '')
        throw new UsageError('the checked-out commit is on no branch: give --base-branch');
      request.pullRequests = {
        remote: values.remote ?? 'origin',
        baseBranch,
        api: createOctokitPullsApi({ repository, token, baseUrl: apiUrl }),
      };
    }
    const result = await runCheckUpdates(request);
    if (result.unknownIds.length > 0)
      throw new UsageError(`no app or device is named ${result.unknownIds.join(', ')}`);
    const diagnostics: Diagnostic[] = sortDiagnostics(result.diagnostics);
    if (values.json)
      io.stdout(
        JSON.stringify(
          {
            summary: result.summary,
            diagnostics: (JSON.parse(formatJson(diagnostics)) as { diagnostics: unknown })
              .diagnostics,
          },
          null,
          2,
        ) + '\n',
      );
    else {
      if (diagnostics.length > 0) io.stderr(formatText(diagnostics));
      io.stdout(renderSummaryText(result.summary));
    }
    return diagnostics.some((d) => d.severity === 'error') ? EXIT_FAILURE : EXIT_OK;
  },
};
