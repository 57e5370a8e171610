import type { DiagnosticCode } from '../../diagnostics/codes.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { findUnsafeCharacter, formatCodePoint } from '../../diagnostics/unsafe-characters.js';
import { checkHeaderText } from '../../model/pack-header-limits.js';
import { findNameProblem, foldName } from '../../site/portable-names.js';
import type { Rule, RuleContext } from './rule.js';
import { describeLocation, reportAt, toPointer } from './report-at.js';
import { isLocalPackagePath } from './tomtom-path.js';

/**
 * Names that content writes into the site and its files, besides file names
 * (content-file-names): what devices download and show, what the site's tree
 * holds. A name that is a file on the site (a release's `filename` under
 * builds/<codename>/, an APK under fdroid/repo/, a release asset, a channel
 * as api/v1/<codename>/<channel>.json) must be portable and not collide by
 * case in its folder; a name that is only shown or matched (a TomTom package
 * name, an update-locations entry, a Legato app name, a hardware id that a
 * path variable expands) must hold no control, bidi or invisible character.
 */
export const publishedNames: Rule = {
  name: 'published-names',
  description:
    'Published names hold no control or bidi character, are portable file names where they are files, and do not collide by case.',
  check(ctx) {
    const report = new Reporter(ctx);
    const releaseNames = new Map<string, Namespace>();
    for (const r of ctx.content.releases) {
      const folder =
        releaseNames.get(r.device) ?? new Namespace('release filename', `builds/${r.device}/`);
      releaseNames.set(r.device, folder);
      report.fileName(r.file, '/filename', r.filename, folder);
      if (r.asset?.name !== undefined) report.fileName(r.file, '/asset/name', r.asset.name);
    }
    const apks = new Namespace('APK name', 'fdroid/repo/');
    for (const app of ctx.content.appVersions) {
      app.versions.forEach((v, i) =>
        report.fileName(app.file, toPointer('versions', i, 'apkName'), v.apkName, apks),
      );
    }
    for (const channel of Object.keys(ctx.content.config.channels))
      report.fileName(
        ctx.content.config.file,
        toPointer('channels', channel),
        channel,
        undefined,
        'key',
      );
    for (const device of ctx.content.devices) {
      for (const [key, value] of Object.entries(device.hardware ?? {}))
        if (value !== undefined) report.shown(device.file, toPointer('hardware', key), value);
    }
    for (const list of ctx.content.packageLists) {
      const local = report.namespace('package path', `package-lists/${list.name}/`);
      for (const section of ['packages', 'special_packages'] as const) {
        (list[section] ?? []).forEach((pkg, i) => {
          report.shown(list.file, toPointer(section, i, 'name'), pkg.name);
          // Unsafe and reserved path segments are the path rule's (GITOTA151); a case collision is this rule's.
          if (pkg.path !== undefined && pkg.path !== '' && isLocalPackagePath(pkg.path))
            report.collision(list.file, toPointer(section, i, 'path'), pkg.path, local);
        });
      }
    }
    for (const locations of ctx.content.updateLocations) {
      (locations.files ?? []).forEach((f, i) =>
        report.shown(locations.file, toPointer('files', i, 'file'), f.file),
      );
      (locations.uris ?? []).forEach((u, i) => {
        if (u.uri !== undefined) report.shown(locations.file, toPointer('uris', i, 'uri'), u.uri);
      });
    }
    for (const pack of ctx.content.packs) {
      // Control characters in a header are pack-legato-limits' finding (GITOTA220); bidi and the rest are this rule's.
      if (checkHeaderText('name', pack.name) === undefined)
        report.shown(pack.file, '/name', pack.name);
      (pack.apps ?? []).forEach((app, i) => {
        if (checkHeaderText('name', app.name) === undefined)
          report.shown(pack.file, toPointer('apps', i, 'name'), app.name);
      });
    }
    for (const namespace of [...releaseNames.values(), apks, ...report.namespaces])
      report.collisions(namespace);
    return report.diagnostics;
  },
};

/** The names of one folder of the site, by fold, each with where it is written. */
class Namespace {
  readonly byFold = new Map<string, Array<{ name: string; file: string; pointer: string }>>();
  constructor(
    readonly what: string,
    readonly folder: string,
  ) {}
}

class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  readonly namespaces: Namespace[] = [];
  constructor(private readonly ctx: RuleContext) {}

  namespace(what: string, folder: string): Namespace {
    const made = new Namespace(what, folder);
    this.namespaces.push(made);
    return made;
  }

  /** A name that is a file of the site (or of a release's assets): safe, portable, and unique by case in its folder. */
  fileName(file: string, pointer: string, name: string, namespace?: Namespace, at?: 'key'): void {
    const problem = findNameProblem(name);
    if (problem !== undefined) {
      this.add(
        problem.kind === 'unsafe-character' ? 'GITOTA420' : 'GITOTA422',
        file,
        pointer,
        `"${name}" ${problem.reason}`,
        'it becomes a file name on the site and in every download',
        at,
      );
      return;
    }
    if (namespace !== undefined) this.collision(file, pointer, name, namespace);
  }

  /** A name that is shown or compared, never a file: only unsafe characters matter. */
  shown(file: string, pointer: string, value: string): void {
    const unsafe = findUnsafeCharacter(value);
    if (unsafe === undefined) return;
    this.add(
      'GITOTA420',
      file,
      pointer,
      `"${value}" contains ${formatCodePoint(unsafe.codePoint)}, a control, bidi or invisible character`,
      'devices and readers would see something other than what reviewers saw',
    );
  }

  /** Records a name of a folder; `collisions` reports them once every name is in. */
  collision(file: string, pointer: string, name: string, namespace: Namespace): void {
    const key = foldName(name);
    const entries = namespace.byFold.get(key) ?? [];
    entries.push({ name, file, pointer });
    namespace.byFold.set(key, entries);
  }

  /** Every name of a fold that another name spells differently; an exact repeat is left to the rules of duplicates. */
  collisions(namespace: Namespace): void {
    for (const entries of namespace.byFold.values()) {
      for (const entry of entries) {
        const other = entries.find((e) => e.name !== entry.name);
        if (other === undefined) continue;
        this.add(
          'GITOTA421',
          entry.file,
          entry.pointer,
          `${namespace.what} "${entry.name}" differs from "${other.name}" only by case or Unicode normalisation; both are files of ${namespace.folder}`,
          `the other is at ${describeLocation(this.ctx, other.file, other.pointer)}; macOS and Windows hold them as one file`,
        );
      }
    }
  }

  private add(
    code: DiagnosticCode,
    file: string,
    pointer: string,
    message: string,
    hint: string,
    at?: 'key',
  ): void {
    this.diagnostics.push(
      reportAt(this.ctx, {
        code,
        file,
        pointer,
        message,
        hint,
        ...(at !== undefined ? { at } : {}),
      }),
    );
  }
}
