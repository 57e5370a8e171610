import type { VerifiedFile } from '../git/read-tracked.js';
import type { Refusal } from '../git/refusal.js';
import type { RepoPath } from '../model/types.js';

/** What a YAML file in the content repository is, decided by where it sits. */
export type FileKind =
  | 'config' //            gitota.yaml
  | 'device' //            devices/<codename>.yaml
  | 'release' //           releases/<codename>/<id>.yaml
  | 'app' //               apps/<application.id>.yml
  | 'app-versions' //      apps/<application.id>/versions.yaml
  | 'package-list' //      package-lists/<name>.yaml
  | 'update-locations' //  update-locations/<name>.yaml
  | 'pack'; //             packs/<name>.yaml

export interface Position {
  /** 1-based. */
  line: number;
  column: number;
}

/** One loaded YAML file. `data` is the plain parsed value (YAML 1.2 core schema). */
export interface SourceFile {
  path: RepoPath;
  kind: FileKind;
  /** The file's text (valid UTF-8, within the size limit). */
  text: string;
  data: unknown;
  /**
   * Where the node at a JSON pointer (`/Builds/0/versionCode`) starts; for a
   * missing member, its parent. Positions are computed lazily (only files with
   * findings pay for a positional parse).
   */
  locate(pointer: string, at?: 'key' | 'value'): Position;
}

/**
 * Reads payload files the content refers to, through the tracked tree
 * (src/git/tracked-tree.ts): stat and streaming sha256, cached. Injected into rules.
 */
export interface RepoFiles {
  /** Size in bytes, or undefined when missing, not a regular file, or not tracked content (see `refusal`). */
  size(path: RepoPath): Promise<number | undefined>;
  /** Streaming sha256 (lower-case hex), or undefined when missing or refused. */
  sha256(path: RepoPath): Promise<string | undefined>;
  /** Whether the path is a tracked folder (links followed inside the tree). */
  isDirectory(path: RepoPath): Promise<boolean>;
  /** Why the path is not tracked content (`.git/`, ignored, a link out of the tree...), or undefined when it is, or is simply missing. */
  refusal(path: RepoPath): Promise<Refusal | undefined>;
  /** The verified file holding the path's bytes (links resolved), or undefined when missing or refused: for readers and copiers. */
  file(path: RepoPath): Promise<VerifiedFile | undefined>;
}
