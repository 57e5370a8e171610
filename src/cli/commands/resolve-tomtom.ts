import {
  resolveTomTom,
  TOMTOM_PROPERTIES,
  type TomTomListInput,
  type TomTomProperty,
  type TomTomResolution,
} from '../../client/tomtom-resolve.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import { stringifyJson } from '../../diagnostics/escape-json.js';
import { escapeText } from '../../diagnostics/escape-text.js';
import { tomtomListSitePath } from '../../site/site-paths.js';
import type { Content, PackageList } from '../../model/types.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { loadValidatedRepository } from '../load-validated.js';
import { buildTime, checkBaseUrl, formatDiagnostics } from './build.js';

const USAGE = `Usage: gitota resolve-tomtom --locations NAME [options]

Resolves update-locations NAME against this repository's package-lists exactly as a
TomTom Bridge does (order, exclude, externally_managed, optional lists, path
variables, install when the version differs, reboot only after an install) and
prints what the device would do.

Options:
  --locations NAME        update-locations/NAME.yaml
  --prop KEY=VALUE        device property for path variables; repeatable
                          (muid, hw-id, dcp-id, hw-sku-id, sw-sku-id; hw-sku-id
                          defaults to the first two characters of muid)
  --installed NAME=VER    a package installed on the device; repeatable
  --file PATH=LIST        the device's file PATH holds this repository's package-list
                          LIST (files entries are otherwise missing); repeatable
  --base-url URL          the site's URL (default: site.base_url of gitota.yaml)
  --json                  print {"packages","install","remove","skipped"} as JSON
  --repo DIR              the content repository (default: .)

A uri entry counts as found only when it is this site's URL of one of the
repository's package-lists; anything else (another host, a path on this host that
gitota does not publish) is missing: skipped when optional, an error when required.
Exit status: 0 resolved, 1 the update would fail (or the content is invalid).
`;

export interface RepositoryResolveOptions {
  baseUrl: string;
  properties: Partial<Record<TomTomProperty, string>>;
  installed: ReadonlyMap<string, string>;
  /** Device file path (variables expanded) → repository package-list name. */
  files: ReadonlyMap<string, string>;
}

/**
 * Resolves update-locations `name` of `content` as a device pointed at this site
 * would: `list:` entries are the site's URLs of those lists, and only those URLs
 * (and `files` mapped by the caller) find a list. Undefined when no such name.
 */
export function resolveRepositoryTomTom(
  content: Content,
  name: string,
  options: RepositoryResolveOptions,
): TomTomResolution | undefined {
  const locations = content.updateLocations.find((l) => l.name === name);
  if (locations === undefined) return undefined;
  const lists = new Map(content.packageLists.map((l) => [l.name, l]));
  const listUrl = (list: string) => options.baseUrl + tomtomListSitePath(name, list);
  const byUrl = new Map(content.packageLists.map((l) => [listUrl(l.name), l]));
  return resolveTomTom({
    locations: {
      files: locations.files,
      uris: locations.uris?.map((u) => ({
        uri: u.list !== undefined ? listUrl(u.list) : u.uri,
        optional: u.optional,
      })),
    },
    loadList: (ref) => {
      const list =
        ref.kind === 'uri'
          ? byUrl.get(ref.location)
          : lists.get(options.files.get(ref.location) ?? '');
      return list === undefined ? 'missing' : toListInput(list);
    },
    properties: options.properties,
    installed: options.installed,
  });
}

function toListInput(list: PackageList): TomTomListInput {
  return { packages: list.packages, special_packages: list.special_packages };
}

export const resolveTomTomCommand: Command = {
  name: 'resolve-tomtom',
  summary: 'show what a TomTom Bridge does with an update-locations of this repository',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      ...REPO_OPTION,
      locations: { type: 'string' },
      prop: { type: 'string', multiple: true },
      installed: { type: 'string', multiple: true },
      file: { type: 'string', multiple: true },
      'base-url': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.locations === undefined) throw new UsageError('--locations NAME is required');
    const properties: Partial<Record<TomTomProperty, string>> = {};
    for (const [key, value] of pairs(values.prop, '--prop')) {
      if (!(TOMTOM_PROPERTIES as readonly string[]).includes(key)) {
        throw new UsageError(
          `--prop ${key}: unknown property (one of ${TOMTOM_PROPERTIES.join(', ')})`,
        );
      }
      properties[key as TomTomProperty] = value;
    }
    const installed = new Map(pairs(values.installed, '--installed'));
    const files = new Map(pairs(values.file, '--file'));

    const root = repoDir(values.repo, io);
    const { content, diagnostics } = await loadValidatedRepository(root, {
      now: buildTime(io.env),
    });
    if (content === undefined) {
      io.stderr(formatDiagnostics(diagnostics));
      io.stderr(`gitota resolve-tomtom: the repository has errors; nothing resolved\n`);
      return EXIT_FAILURE;
    }
    const baseUrl = checkBaseUrl(values['base-url'] ?? content.config.site.base_url);
    const result = resolveRepositoryTomTom(content, values.locations, {
      baseUrl,
      properties,
      installed,
      files,
    });
    if (result === undefined) {
      const known = content.updateLocations.map((l) => l.name).sort(compareStrings);
      throw new UsageError(
        `no update-locations named ${JSON.stringify(values.locations)} (known: ${known.join(', ') || 'none'})`,
      );
    }
    if (!result.ok) {
      for (const e of result.errors)
        io.stderr(`gitota resolve-tomtom: error ${e.code}: ${escapeText(e.message)}\n`);
      if (values.json) io.stdout(stringifyJson({ errors: result.errors }, 2) + '\n');
      return EXIT_FAILURE;
    }
    const { packages, install, remove, skipped } = result;
    io.stdout(
      values.json
        ? stringifyJson({ packages, install, remove, skipped }, 2) + '\n'
        : formatResolution(values.locations, result),
    );
    return EXIT_OK;
  },
};

/** `KEY=VALUE` options → pairs; the value may contain `=`. */
function pairs(raw: string[] | undefined, option: string): Array<[string, string]> {
  return (raw ?? []).map((item) => {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`${option} expects KEY=VALUE, got ${JSON.stringify(item)}`);
    return [item.slice(0, at), item.slice(at + 1)];
  });
}

/** The readable table: one row per configured package, then removals and skips; every name escaped to one line. */
export function formatResolution(
  name: string,
  result: Extract<TomTomResolution, { ok: true }>,
): string {
  const installing = new Set(result.install);
  const rows = result.packages.map((p, i) => [
    String(i + 1),
    escapeText(p.name),
    escapeText(p.version),
    installing.has(p.name) ? 'install' : 'up to date',
    p.reboot ? 'reboot' : '',
    escapeText(p.path),
  ]);
  const header = ['#', 'package', 'version', 'action', 'reboot', 'path'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd() + '\n';
  const lines = [
    `update-locations ${escapeText(name)}: ${result.packages.length} package(s), ${result.install.length} to install, ${result.remove.length} to remove\n`,
    '\n',
    line(header),
    ...rows.map(line),
  ];
  if (result.remove.length > 0)
    lines.push('\n', `remove: ${result.remove.map(escapeText).join(', ')}\n`);
  if (result.skipped.length > 0) {
    lines.push(
      '\n',
      ...result.skipped.map(
        (s) => `skipped ${s.kind} ${escapeText(s.name)}: ${escapeText(s.reason)}\n`,
      ),
    );
  }
  return lines.join('');
}
