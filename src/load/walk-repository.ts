import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareStrings } from '../diagnostics/diagnostic.js';
import type { FileKind } from './source-file.js';
import { wholeFileDiagnostic } from './whole-file-diagnostic.js';

/** A content file found by the walk, not yet read. */
export interface ContentEntry {
  path: string;
  kind: FileKind;
  /** Absolute path to read (for an in-repository symlink, its real target). */
  absolute: string;
}

export interface WalkResult {
  entries: ContentEntry[];
  diagnostics: Diagnostic[];
}

export const CONFIG_PATH = 'gitota.yaml';

/**
 * Finds every content file by where it sits (DESIGN §1). Payload folders
 * (`apps/<id>/`, `package-lists/<name>/`, `packs/<any>/`, `files/`) are not
 * scanned. Anything else where content belongs is reported, because a typo in
 * a file name must not silently drop data.
 */
export async function walkRepository(root: string): Promise<WalkResult> {
  const realRoot = await realpath(root);
  const walker = new Walker(root, realRoot);
  await Promise.all([
    walker.config(),
    walker.flat('devices', '.yaml', 'device', false),
    walker.releases(),
    walker.apps(),
    walker.flat('package-lists', '.yaml', 'package-list', true),
    walker.flat('update-locations', '.yaml', 'update-locations', false),
    walker.flat('packs', '.yaml', 'pack', true),
  ]);
  walker.entries.sort((a, b) => compareStrings(a.path, b.path));
  return { entries: walker.entries, diagnostics: walker.diagnostics };
}

type Target = { kind: 'file' | 'directory' | 'other'; absolute: string } | { kind: 'outside' | 'missing' };

class Walker {
  readonly entries: ContentEntry[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly root: string,
    private readonly realRoot: string,
  ) {}

  async config(): Promise<void> {
    const target = await this.follow(CONFIG_PATH);
    if (target.kind === 'file') {
      this.entries.push({ path: CONFIG_PATH, kind: 'config', absolute: target.absolute });
    } else if (target.kind !== 'outside') {
      const hint = (await this.exists('gitota.yml'))
        ? 'rename gitota.yml to gitota.yaml'
        : 'create gitota.yaml with at least `site: {base_url, title}` and `channels`';
      const what = target.kind === 'missing' ? 'is missing' : 'is not a regular file';
      this.diagnostics.push(wholeFileDiagnostic('GITOTA015', 'error', CONFIG_PATH, `${CONFIG_PATH} ${what}; defaults are used`, hint));
    }
  }

  /** A folder of `<stem><ext>` files; subfolders are payloads when `payloadDirs`, else stray. */
  async flat(folder: string, ext: string, kind: FileKind, payloadDirs: boolean): Promise<void> {
    for (const dirent of await this.list(folder)) {
      const path = `${folder}/${dirent.name}`;
      const target = await this.resolve(path, dirent);
      if (target.kind === 'directory') {
        if (!payloadDirs) this.stray(path, `${folder}/ holds one file per item; the folder ${path}/ is not read`);
      } else if (target.kind === 'file' && hasStem(dirent.name, ext)) {
        this.entries.push({ path, kind, absolute: target.absolute });
      } else if (target.kind === 'file' || target.kind === 'other') {
        this.stray(path, `${path} is not a ${kind} file: files in ${folder}/ are named <name>${ext}`, renameHint(dirent.name, ext));
      }
    }
  }

  async releases(): Promise<void> {
    await Promise.all(
      (await this.list('releases')).map(async (dirent) => {
        const folder = `releases/${dirent.name}`;
        const target = await this.resolve(folder, dirent);
        if (target.kind === 'directory') {
          for (const inner of await this.list(folder)) {
            const path = `${folder}/${inner.name}`;
            const t = await this.resolve(path, inner);
            if (t.kind === 'file' && hasStem(inner.name, '.yaml')) {
              this.entries.push({ path, kind: 'release', absolute: t.absolute });
            } else if (t.kind === 'file' || t.kind === 'other' || t.kind === 'directory') {
              this.stray(path, `${path} is not a release file: releases are releases/<codename>/<id>.yaml`, renameHint(inner.name, '.yaml'));
            }
          }
        } else if (target.kind === 'file' || target.kind === 'other') {
          this.stray(folder, `${folder} is not inside a device folder: releases are releases/<codename>/<id>.yaml`, `move it to releases/<codename>/${dirent.name}`);
        }
      }),
    );
  }

  async apps(): Promise<void> {
    await Promise.all(
      (await this.list('apps')).map(async (dirent) => {
        const path = `apps/${dirent.name}`;
        const target = await this.resolve(path, dirent);
        if (target.kind === 'directory') {
          // apps/<id>/ holds payloads; only its versions.yaml is content.
          const versions = `${path}/versions.yaml`;
          const t = await this.follow(versions);
          if (t.kind === 'file') this.entries.push({ path: versions, kind: 'app-versions', absolute: t.absolute });
          else if (t.kind === 'directory' || t.kind === 'other') this.stray(versions, `${versions} is not a regular file`);
          else if (t.kind === 'missing' && (await this.exists(`${path}/versions.yml`))) {
            this.stray(`${path}/versions.yml`, `${path}/versions.yml is not read: the versions file is ${versions}`, 'rename it to versions.yaml');
          }
        } else if (target.kind === 'file' && hasStem(dirent.name, '.yml')) {
          this.entries.push({ path, kind: 'app', absolute: target.absolute });
        } else if (target.kind === 'file' || target.kind === 'other') {
          this.stray(path, `${path} is not an app file: F-Droid metadata is apps/<application.id>.yml`, renameHint(dirent.name, '.yml'));
        }
      }),
    );
  }

  private stray(path: string, message: string, hint?: string): void {
    this.diagnostics.push(wholeFileDiagnostic('GITOTA012', 'error', path, message, hint));
  }

  /** Entries of a repository folder, dotfiles left out; a missing folder is empty. */
  private async list(folder: string): Promise<Dirent[]> {
    try {
      const dirents = await readdir(join(this.root, folder), { withFileTypes: true });
      return dirents.filter((d) => !d.name.startsWith('.')).sort((a, b) => compareStrings(a.name, b.name));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return [];
      if (code === 'ENOTDIR') {
        this.stray(folder, `${folder} should be a folder`);
        return [];
      }
      this.diagnostics.push(wholeFileDiagnostic('GITOTA001', 'error', folder, `cannot read folder ${folder}: ${code ?? 'unknown error'}`));
      return [];
    }
  }

  /** What a directory entry is; a symlink is followed only when it stays inside the repository. */
  private async resolve(path: string, dirent: Dirent): Promise<Target> {
    const absolute = join(this.root, path);
    if (dirent.isFile()) return { kind: 'file', absolute };
    if (dirent.isDirectory()) return { kind: 'directory', absolute };
    if (!dirent.isSymbolicLink()) return { kind: 'other', absolute };
    const target = await this.follow(path);
    if (target.kind === 'directory') {
      // A linked folder could loop or list the same content twice: never walk into it.
      this.diagnostics.push(wholeFileDiagnostic('GITOTA013', 'warning', path, `${path} is a symbolic link to a folder and is not read`, 'replace the link with a real folder'));
      return { kind: 'missing' };
    }
    return target;
  }

  /** Follows `path` (a link or not) and refuses anything whose real path leaves the repository. */
  private async follow(path: string): Promise<Target> {
    const absolute = join(this.root, path);
    let info;
    try {
      info = await lstat(absolute);
    } catch (error) {
      return this.missing(path, error);
    }
    if (!info.isSymbolicLink()) {
      return { kind: info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other', absolute };
    }
    let real: string;
    try {
      real = await realpath(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'to nothing' : `that cannot be followed (${code ?? 'unknown error'})`;
      this.diagnostics.push(wholeFileDiagnostic('GITOTA001', 'error', path, `${path} is a symbolic link ${why}`));
      return { kind: 'missing' };
    }
    if (real !== this.realRoot && !real.startsWith(this.realRoot + sep)) {
      this.diagnostics.push(wholeFileDiagnostic('GITOTA007', 'error', path, `${path} is a symbolic link that leaves the repository; it is not read`, 'keep content files inside the repository'));
      return { kind: 'outside' };
    }
    try {
      const info2 = await stat(real);
      return { kind: info2.isFile() ? 'file' : info2.isDirectory() ? 'directory' : 'other', absolute: real };
    } catch (error) {
      return this.missing(path, error);
    }
  }

  /** A path that is not there is simply absent; one that cannot be inspected is reported. */
  private missing(path: string, error: unknown): Target {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      this.diagnostics.push(wholeFileDiagnostic('GITOTA001', 'error', path, `cannot read ${path}: ${code ?? 'unknown error'}`));
    }
    return { kind: 'missing' };
  }

  private async exists(path: string): Promise<boolean> {
    return (await this.follow(path)).kind !== 'missing';
  }
}

function hasStem(name: string, ext: string): boolean {
  return name.endsWith(ext) && name.length > ext.length;
}

function renameHint(name: string, ext: string): string | undefined {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return /^\.(ya?ml|json)$/i.test(dot > 0 ? name.slice(dot) : '') ? `rename it to ${stem}${ext}` : undefined;
}
