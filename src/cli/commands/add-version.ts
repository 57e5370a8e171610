import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { formatText } from '../../diagnostics/render.js';
import { sortDiagnostics } from '../../diagnostics/diagnostic.js';
import { addAppVersion, type ApkLocation } from '../../import/add-app-version.js';
import { parseBuildDate } from '../../import/release-file.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../io.js';
import { readClock } from '../clock.js';

const USAGE = `Usage: gitota add-version APK [--url URL | --asset TAG[:NAME]] [--app ID] [options] [--repo DIR]

Adds one APK to apps/<id>/versions.yaml (F-Droid's 'fdroid update' step), with
every fact read from the APK itself: application id, versionCode, versionName,
minSdkVersion, targetSdkVersion, maxSdkVersion, the signer, native code and
permissions, plus its sha256 and size. The file is written as 'gitota fmt'
writes it, and the repository is validated with it (errors take it back).

Refused, with nothing written: an APK that cannot be read, is not signed, or is
not of --app; an APK signed by a key the app has not used before and that its
apps/<id>.yml AllowedAPKSigningKeys does not list; a versionCode already
published with other facts. Adding the same APK again changes nothing.

Where the APK is published from:
  (default)              the APK is inside the repository: versions.yaml names its path
      --url URL          the APK is downloaded from URL (https)
      --asset TAG[:NAME] the APK is an asset of the GitHub release TAG (named NAME)

Options:
      --app ID           the application id the APK must have
      --apk-name NAME    the published file name (default: the APK's name, or <id>_<versionCode>.apk)
      --added WHEN       when it was added: unix seconds or "YYYY-MM-DD HH:MM:SS" (default: SOURCE_DATE_EPOCH or now)
      --release-channel NAME  a release channel besides stable (e.g. Beta); may be repeated
      --repo DIR         the content repository (default: the current directory)

Exit status: 0 added (or already there), 1 refused (errors printed), 2 usage error.
`;

const OPTIONS = {
  ...REPO_OPTION,
  url: { type: 'string' },
  asset: { type: 'string' },
  app: { type: 'string' },
  'apk-name': { type: 'string' },
  added: { type: 'string' },
  'release-channel': { type: 'string', multiple: true },
} as const;

const APK_NAME = /^[A-Za-z0-9_][^/\\\s]*\.apk$/;

export const addVersionCommand: Command = {
  name: 'add-version',
  summary: "add an APK to an app's versions.yaml, its facts read from the APK (fdroid update)",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS, true);
    const [apk, ...extra] = positionals;
    if (apk === undefined) throw new UsageError('name the APK to add');
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    if (values.url !== undefined && values.asset !== undefined)
      throw new UsageError('give at most one of --url and --asset');
    const root = repoDir(values.repo, io);
    const absolute = resolve(io.cwd, apk);
    const now = readClock(io.env);
    let location: ApkLocation;
    if (values.url !== undefined) {
      if (!/^https?:\/\/[^\s]+$/.test(values.url))
        throw new UsageError(`--url must be an http(s) URL; got ${JSON.stringify(values.url)}`);
      location = { url: values.url };
    } else if (values.asset !== undefined) {
      const [tag, name] = values.asset.split(':', 2) as [string, string | undefined];
      if (tag === '') throw new UsageError('--asset needs a release tag');
      location = { asset: name === undefined ? { tag } : { tag, name } };
    } else {
      const inside = relative(root, absolute);
      if (inside.startsWith('..') || isAbsolute(inside))
        throw new UsageError(
          `${apk} is not inside the repository ${root}: give --url or --asset to say where it is published from`,
        );
      location = { path: inside.split(sep).join('/') };
    }
    let added = now;
    if (values.added !== undefined) {
      const parsed = parseBuildDate(values.added);
      if (parsed === undefined)
        throw new UsageError(
          `--added must be unix seconds or "YYYY-MM-DD HH:MM:SS" (UTC); got ${JSON.stringify(values.added)}`,
        );
      added = parsed;
    }
    const channels = values['release-channel'] ?? [];
    for (const channel of channels)
      if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(channel))
        throw new UsageError(`--release-channel ${JSON.stringify(channel)} is not a channel name`);
    const name =
      values['apk-name'] ?? (APK_NAME.test(basename(absolute)) ? basename(absolute) : undefined);
    if (values['apk-name'] !== undefined && !APK_NAME.test(values['apk-name']))
      throw new UsageError(
        `--apk-name must be a plain file name ending in .apk; got ${JSON.stringify(values['apk-name'])}`,
      );
    const report = await addAppVersion(root, {
      apk: { absolute, label: apk },
      location,
      ...(name !== undefined ? { apkName: name } : {}),
      ...(values.app !== undefined ? { appId: values.app } : {}),
      added,
      releaseChannels: channels,
      now,
    });
    if (report.diagnostics.length > 0) io.stderr(formatText(sortDiagnostics(report.diagnostics)));
    if (!report.ok) {
      io.stderr(`gitota add-version: ${apk} not added\n`);
      return EXIT_FAILURE;
    }
    io.stdout(
      report.written.length > 0
        ? `added ${apk} to ${report.written[0]}\n`
        : `${apk} is already in ${report.unchanged[0] ?? 'versions.yaml'}, as it is\n`,
    );
    return EXIT_OK;
  },
};
