import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareStrings } from '../diagnostics/diagnostic.js';
import { isValidApplicationId } from '../validate/rules/app-id.js';

export interface FdroidImportResult {
  /** Repository paths written (apps/<id>.yml). */
  copied: string[];
  /** File names skipped because they are not application ids (also as GITOTA123 warnings). */
  skipped: string[];
  diagnostics: Diagnostic[];
}

/**
 * `gitota import fdroid-metadata`: copies fdroiddata's `metadata/<appid>.yml`
 * files into apps/ byte for byte (they are already in F-Droid's format). The
 * caller validates the repository afterwards.
 */
export async function importFdroidMetadata(
  root: string,
  sourceDir: string,
  sourceLabel: string,
): Promise<FdroidImportResult> {
  const entries = (await readdir(sourceDir, { withFileTypes: true })).filter(
    (e) => e.isFile() && e.name.endsWith('.yml'),
  );
  entries.sort((a, b) => compareStrings(a.name, b.name));
  const copied: string[] = [];
  const skipped: string[] = [];
  const diagnostics: Diagnostic[] = [];
  await mkdir(join(root, 'apps'), { recursive: true });
  for (const entry of entries) {
    const id = entry.name.slice(0, -'.yml'.length);
    if (!isValidApplicationId(id)) {
      skipped.push(entry.name);
      diagnostics.push({
        code: 'GITOTA123',
        severity: 'warning',
        message: `${entry.name} is not named after a valid application id; it is not imported`,
        file: `${sourceLabel}/${entry.name}`,
        line: 1,
        column: 1,
        hint: 'F-Droid metadata files are named <application id>.yml, e.g. org.example.app.yml',
      });
      continue;
    }
    await copyFile(join(sourceDir, entry.name), join(root, 'apps', entry.name));
    copied.push(`apps/${entry.name}`);
  }
  return { copied, skipped, diagnostics };
}
