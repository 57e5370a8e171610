import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { createRepoFiles } from '../../load/create-repo-files.js';
import type { RepoFiles } from '../../load/source-file.js';
import type { Content } from '../../model/types.js';
import type { ApkFacts } from './apk-facts.js';
import { readApk } from './read-apk.js';
import { ApkError } from './zip-reader.js';

export interface ApkFactsResult {
  /** Repository path → facts, for every APK that could be read. */
  facts: Map<string, ApkFacts>;
  /** An APK that cannot be read, or whose package name is not its app's id. */
  diagnostics: Diagnostic[];
}

/**
 * Reads the facts of every APK the repository holds (`path:` in a versions.yaml), through `repo`,
 * before rendering: the F-Droid format is pure and synchronous, so it takes
 * them as `RenderContext.apkFacts`. An unreadable APK is reported, not thrown;
 * its version then keeps versions.yaml's facts.
 */
export async function readApkFacts(
  content: Content,
  repo: RepoFiles = createRepoFiles(content.root),
): Promise<ApkFactsResult> {
  const facts = new Map<string, ApkFacts>();
  const diagnostics: Diagnostic[] = [];
  for (const list of content.appVersions) {
    for (const version of list.versions) {
      if (version.path === undefined || facts.has(version.path)) continue;
      // Only a verified tracked file (or download) is read: a refused or missing one is reported by collectPublishedFiles.
      const found = await repo.file(version.path);
      if (found === undefined) continue;
      try {
        const read = await readApk(found.absolute);
        if (read.packageName !== list.appId) {
          diagnostics.push(
            finding(
              'GITOTA350',
              list.file,
              `${version.path} is package ${read.packageName}, not ${list.appId}`,
              'publish each APK under its own application id',
            ),
          );
        }
        facts.set(version.path, read);
      } catch (error) {
        if (!(error instanceof ApkError)) throw error;
        diagnostics.push(
          finding(
            'GITOTA351',
            list.file,
            `${version.path} cannot be read as an APK: ${error.message}`,
            'check that the file is a signed APK',
          ),
        );
      }
    }
  }
  return { facts, diagnostics };
}

function finding(code: string, file: string, message: string, hint: string): Diagnostic {
  return { code, severity: 'error', message, file, line: 1, column: 1, hint };
}
