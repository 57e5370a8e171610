import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareStrings } from '../diagnostics/diagnostic.js';
import { lookupTracked } from '../git/refusal.js';
import type { TrackedNode, TrackedTree } from '../git/tracked-tree.js';
import {
  APPS,
  CONFIG_PATH,
  hasStem,
  RELEASES,
  WALK_ORDER,
  type FlatFolder,
} from './content-layout.js';
import type { FileKind } from './source-file.js';
import { wholeFileDiagnostic } from './whole-file-diagnostic.js';

/** A content file found by the walk, not yet read. */
export interface ContentEntry {
  path: string;
  kind: FileKind;
  /** The tracked file holding its bytes: its own path, or where its links lead inside the tree. */
  target: string;
  /** What the tree holds at `target` (a regular file, with its blob id when the tree vouches for the bytes). */
  node: TrackedNode;
}

export interface WalkResult {
  entries: ContentEntry[];
  diagnostics: Diagnostic[];
}

/**
 * Finds every content file by where it sits (DESIGN §1), in the tracked tree
 * (src/git/tracked-tree.ts): ignored files are never content, and a link is
 * followed only to a tracked file. Payload folders (`apps/<id>/`,
 * `package-lists/<name>/`, `packs/<any>/`, `files/`) are not scanned. Anything
 * else where content belongs is reported, because a typo in a file name must not
 * silently drop data.
 */
export function walkRepository(tree: TrackedTree): WalkResult {
  const walker = new Walker(tree);
  walker.config();
  for (const step of WALK_ORDER) {
    if (step === 'releases') walker.releases();
    else if (step === 'apps') walker.apps();
    else walker.flat(step);
  }
  walker.entries.sort((a, b) => compareStrings(a.path, b.path));
  return { entries: walker.entries, diagnostics: walker.diagnostics };
}

type Target =
  | { kind: 'file'; target: string; node: TrackedNode }
  | { kind: 'directory' | 'other' }
  | { kind: 'refused' | 'missing' };

class Walker {
  readonly entries: ContentEntry[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly tree: TrackedTree) {}

  config(): void {
    const target = this.follow(CONFIG_PATH);
    if (target.kind === 'file') {
      this.entries.push({
        path: CONFIG_PATH,
        kind: 'config',
        target: target.target,
        node: target.node,
      });
    } else if (target.kind !== 'refused') {
      const hint =
        this.tree.node('gitota.yml') !== undefined
          ? 'rename gitota.yml to gitota.yaml'
          : 'create gitota.yaml with at least `site: {base_url, title}` and `channels`';
      const what = target.kind === 'missing' ? 'is missing' : 'is not a regular file';
      this.diagnostics.push(
        wholeFileDiagnostic(
          'GITOTA015',
          'error',
          CONFIG_PATH,
          `${CONFIG_PATH} ${what}; defaults are used`,
          hint,
        ),
      );
    }
  }

  /** A folder of `<stem><ext>` files; subfolders are payloads when `payloadDirs`, else stray. */
  flat({ folder, ext, kind, payloadDirs }: FlatFolder): void {
    for (const [name, node] of this.list(folder)) {
      const path = `${folder}/${name}`;
      const target = this.resolve(path, node);
      if (target.kind === 'directory') {
        if (!payloadDirs)
          this.stray(path, `${folder}/ holds one file per item; the folder ${path}/ is not read`);
      } else if (target.kind === 'file' && hasStem(name, ext)) {
        this.entries.push({ path, kind, target: target.target, node: target.node });
      } else if (target.kind === 'file' || target.kind === 'other') {
        this.stray(
          path,
          `${path} is not a ${kind} file: files in ${folder}/ are named <name>${ext}`,
          renameHint(name, ext),
        );
      }
    }
  }

  releases(): void {
    for (const [name, node] of this.list(RELEASES.folder)) {
      const folder = `${RELEASES.folder}/${name}`;
      const target = this.resolve(folder, node);
      if (target.kind === 'directory') {
        for (const [innerName, inner] of this.list(folder)) {
          const path = `${folder}/${innerName}`;
          const t = this.resolve(path, inner);
          if (t.kind === 'file' && hasStem(innerName, RELEASES.ext)) {
            this.entries.push({ path, kind: 'release', target: t.target, node: t.node });
          } else if (t.kind === 'file' || t.kind === 'other' || t.kind === 'directory') {
            this.stray(
              path,
              `${path} is not a release file: releases are releases/<codename>/<id>.yaml`,
              renameHint(innerName, '.yaml'),
            );
          }
        }
      } else if (target.kind === 'file' || target.kind === 'other') {
        this.stray(
          folder,
          `${folder} is not inside a device folder: releases are releases/<codename>/<id>.yaml`,
          `move it to releases/<codename>/${name}`,
        );
      }
    }
  }

  apps(): void {
    for (const [name, node] of this.list(APPS.folder)) {
      const path = `${APPS.folder}/${name}`;
      const target = this.resolve(path, node);
      if (target.kind === 'directory') {
        // apps/<id>/ holds payloads; only its versions.yaml is content.
        const versions = `${path}/${APPS.versions}`;
        const t = this.follow(versions);
        if (t.kind === 'file')
          this.entries.push({
            path: versions,
            kind: 'app-versions',
            target: t.target,
            node: t.node,
          });
        else if (t.kind === 'directory' || t.kind === 'other')
          this.stray(versions, `${versions} is not a regular file`);
        else if (t.kind === 'missing' && this.tree.node(`${path}/versions.yml`) !== undefined) {
          this.stray(
            `${path}/versions.yml`,
            `${path}/versions.yml is not read: the versions file is ${versions}`,
            'rename it to versions.yaml',
          );
        }
      } else if (target.kind === 'file' && hasStem(name, APPS.ext)) {
        this.entries.push({ path, kind: 'app', target: target.target, node: target.node });
      } else if (target.kind === 'file' || target.kind === 'other') {
        this.stray(
          path,
          `${path} is not an app file: F-Droid metadata is apps/<application.id>.yml`,
          renameHint(name, '.yml'),
        );
      }
    }
  }

  private stray(path: string, message: string, hint?: string): void {
    this.diagnostics.push(wholeFileDiagnostic('GITOTA012', 'error', path, message, hint));
  }

  /** Entries of a content folder, dot-names left out, sorted; a missing folder is empty. */
  private list(folder: string): Array<[string, TrackedNode]> {
    const node = this.tree.node(folder);
    if (node === undefined) return [];
    if (node.kind === 'symlink') {
      // A linked content folder could list files twice or from anywhere: never walk into it.
      const target = this.follow(folder);
      if (target.kind === 'directory') this.linkedFolder(folder);
      else if (target.kind !== 'refused' && target.kind !== 'missing')
        this.stray(folder, `${folder} should be a folder`);
      return [];
    }
    if (node.kind !== 'dir') {
      this.stray(folder, `${folder} should be a folder`);
      return [];
    }
    return [...this.tree.children(folder)]
      .filter(([name]) => !name.startsWith('.'))
      .sort(([a], [b]) => compareStrings(a, b));
  }

  private linkedFolder(path: string): void {
    this.diagnostics.push(
      wholeFileDiagnostic(
        'GITOTA013',
        'warning',
        path,
        `${path} is a symbolic link to a folder and is not read`,
        'replace the link with a real folder',
      ),
    );
  }

  /** What a listed entry is; a link is followed only to a tracked file, never into a folder. */
  private resolve(path: string, node: TrackedNode): Target {
    if (node.kind === 'file') return { kind: 'file', target: path, node };
    if (node.kind === 'dir') return { kind: 'directory' };
    if (node.kind !== 'symlink') return { kind: 'other' };
    const target = this.follow(path);
    if (target.kind === 'directory') {
      this.linkedFolder(path);
      return { kind: 'missing' };
    }
    return target;
  }

  /** Resolves `path` (a link or not) in the tracked tree; a refusal is reported on `path` itself. */
  private follow(path: string): Target {
    const found = lookupTracked(this.tree, path);
    if (found.ok) {
      if (found.node.kind === 'file') return { kind: 'file', target: found.path, node: found.node };
      return { kind: found.node.kind === 'dir' ? 'directory' : 'other' };
    }
    if (found.refusal !== undefined) {
      this.diagnostics.push(
        wholeFileDiagnostic(
          found.refusal.code,
          'error',
          path,
          found.refusal.message,
          found.refusal.hint,
        ),
      );
      return { kind: 'refused' };
    }
    if (this.tree.node(path)?.kind === 'symlink') {
      this.diagnostics.push(
        wholeFileDiagnostic(
          'GITOTA001',
          'error',
          path,
          `${path} is a symbolic link to nothing the repository tracks`,
        ),
      );
    }
    return { kind: 'missing' };
  }
}

function renameHint(name: string, ext: string): string | undefined {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return /^\.(ya?ml|json)$/i.test(dot > 0 ? name.slice(dot) : '')
    ? `rename it to ${stem}${ext}`
    : undefined;
}
