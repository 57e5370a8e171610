import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatContentFile } from '../fmt/format-content-file.js';
import { CANONICAL_LAYOUT } from '../fmt/canonical-indent.js';
import { JarVerifyError, verifyIndexJar } from '../fdroid/verify-jar.js';
import { addVersions } from './app-versions-file.js';
import { readFdroidIndex, type IndexedApp } from './fdroid-index.js';
import { finishImport, refusedImport, type ImportReport } from './import-report.js';
import { isUrl, readSource, type ImportSources } from './import-source.js';
import { inputDiagnostic, isJsonObject, parseJsonInput } from './json-input.js';
import type { PlannedFile } from './write-plan.js';
import { whenAbsent } from '../diagnostics/absent.js';

export interface FdroidRepoOptions {
  /** sha256 of the repository's signing certificate: the index must be signed by it. */
  fingerprint?: string;
  sources: ImportSources;
  now: number;
}

/** The files of one index format, as the repository names them. */
const FORMATS = [
  { format: 'v2', index: 'index-v2.json', jar: 'entry.jar', signed: 'entry.json' },
  { format: 'v1', index: 'index-v1.json', jar: 'index-v1.jar', signed: 'index-v1.json' },
] as const;

/**
 * `gitota import fdroid-repo`: an existing F-Droid repository's index becomes
 * apps/<id>/versions.yaml entries (each APK left where the repository serves
 * it, by `url:`), and apps/<id>.yml from the index's metadata where the
 * repository has none. The index's jar signature is verified when the jar is
 * there; without it the import says the index was not verified.
 */
export async function importFdroidRepo(
  root: string,
  source: string,
  absolute: string,
  options: FdroidRepoOptions,
): Promise<ImportReport> {
  const diagnostics: Diagnostic[] = [];
  const base = isUrl(source) ? source.replace(/\/+$/, '') : source;
  const at = (name: string) =>
    isUrl(source)
      ? { source: `${base}/${name}`, absolute: '' }
      : { source: join(source, name), absolute: join(absolute, name) };
  let found:
    | {
        format: 'v1' | 'v2';
        label: string;
        bytes: Uint8Array;
        jar?: { label: string; bytes: Uint8Array };
      }
    | undefined;
  for (const f of FORMATS) {
    const index = at(f.index);
    const indexBytes = await readSource(index.source, index.absolute, options.sources);
    if (!indexBytes.ok) {
      if (indexBytes.diagnostic.code === 'GITOTA651') return refusedImport([indexBytes.diagnostic]);
      continue;
    }
    const jar = at(f.jar);
    const jarBytes = await readSource(jar.source, jar.absolute, options.sources);
    found = {
      format: f.format,
      label: index.source,
      bytes: indexBytes.bytes,
      ...(jarBytes.ok ? { jar: { label: jar.source, bytes: jarBytes.bytes } } : {}),
    };
    break;
  }
  if (found === undefined)
    return refusedImport([
      whole(
        'GITOTA650',
        source,
        `${source} holds no F-Droid index (index-v2.json or index-v1.json)`,
      ),
    ]);

  const check = await checkSignature(
    found.format,
    found.bytes,
    found.jar,
    options.fingerprint,
    found.label,
  );
  diagnostics.push(...check);
  if (check.some((d) => d.severity === 'error')) return refusedImport(diagnostics);
  const parsed = parseJsonInput(found.label, found.bytes);
  if ('diagnostic' in parsed) return refusedImport([...diagnostics, parsed.diagnostic]);
  const index = readFdroidIndex(parsed.input, found.format);
  diagnostics.push(...index.diagnostics);
  const address = index.address ?? (isUrl(source) ? base : undefined);
  if (address === undefined)
    diagnostics.push(
      inputDiagnostic(
        parsed.input,
        'GITOTA653',
        '/repo',
        `${found.label} names no repository address (repo.address), so its APKs have no URL`,
      ),
    );
  if (diagnostics.some((d) => d.severity === 'error') || address === undefined)
    return refusedImport(diagnostics);

  const planned: PlannedFile[] = [];
  for (const app of index.apps) {
    const versionsPath = `apps/${app.id}/versions.yaml`;
    const existing = await readFile(join(root, versionsPath), 'utf8').catch(whenAbsent(undefined));
    const edit = addVersions(
      versionsPath,
      existing,
      app.versions.map((v) => ({ ...v.entry, url: `${address}/${encodeURIComponent(v.file)}` })),
    );
    if (!edit.ok) {
      const version = app.versions.find((v) => v.entry.versionCode === edit.versionCode);
      diagnostics.push(
        version
          ? inputDiagnostic(
              parsed.input,
              'GITOTA656',
              version.pointer,
              `package ${app.id}: ${edit.reason}`,
              'a published version never changes: give it another versionCode, or remove the entry first',
            )
          : whole('GITOTA656', versionsPath, edit.reason),
      );
      continue;
    }
    planned.push({
      path: versionsPath,
      content: edit.text,
      mode: 'update',
      origin: `package ${app.id} of ${found.label}`,
    });
    const metadataPath = `apps/${app.id}.yml`;
    if ((await readFile(join(root, metadataPath)).catch(whenAbsent(undefined))) === undefined) {
      planned.push({
        path: metadataPath,
        content: appMetadataText(metadataPath, app),
        mode: 'create',
        origin: `package ${app.id} of ${found.label}`,
      });
    }
  }
  return finishImport(root, planned, diagnostics, options.now);
}

/** The signature findings: an error when a jar does not verify or names another key, a warning when there is none. */
async function checkSignature(
  format: 'v1' | 'v2',
  index: Uint8Array,
  jar: { label: string; bytes: Uint8Array } | undefined,
  fingerprint: string | undefined,
  label: string,
): Promise<Diagnostic[]> {
  const pinned = fingerprint?.replaceAll(/[\s:]/g, '').toLowerCase();
  if (jar === undefined) {
    if (pinned !== undefined)
      return [
        whole(
          'GITOTA658',
          label,
          `--fingerprint was given, but the repository has no ${format === 'v2' ? 'entry.jar' : 'index-v1.jar'} to check it against`,
        ),
      ];
    return [
      {
        ...whole(
          'GITOTA659',
          label,
          `${label} is not signed (no ${format === 'v2' ? 'entry.jar' : 'index-v1.jar'} beside it): its contents were not verified`,
        ),
        severity: 'warning',
        hint: 'import from the repository itself, or give --fingerprint to require a signed index',
      },
    ];
  }
  let verified;
  try {
    verified = await verifyIndexJar(jar.bytes, format === 'v2' ? 'entry.json' : 'index-v1.json');
  } catch (error) {
    if (!(error instanceof JarVerifyError)) throw error;
    return [whole('GITOTA658', jar.label, `${jar.label} does not verify: ${error.message}`)];
  }
  if (pinned !== undefined && verified.fingerprint !== pinned)
    return [
      whole(
        'GITOTA658',
        jar.label,
        `${jar.label} is signed by ${verified.fingerprint}, not by the --fingerprint ${pinned}`,
      ),
    ];
  if (format === 'v2') {
    const entry = parseEntry(verified.content);
    const sha256 = createHash('sha256').update(index).digest('hex');
    if (entry === undefined || entry.sha256 !== sha256 || entry.size !== index.length)
      return [
        whole(
          'GITOTA658',
          label,
          `${label} is not the index entry.json signs (its sha256 or size differs)`,
        ),
      ];
  } else if (!Buffer.from(verified.content).equals(Buffer.from(index))) {
    return [whole('GITOTA658', label, `${label} is not the index-v1.json inside index-v1.jar`)];
  }
  return [
    {
      ...whole(
        'GITOTA660',
        jar.label,
        `${jar.label} verifies: the index is signed by the certificate with sha256 ${verified.fingerprint}`,
      ),
      severity: 'notice',
    },
  ];
}

function parseEntry(bytes: Uint8Array): { sha256: unknown; size: unknown } | undefined {
  try {
    const entry: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return isJsonObject(entry) && isJsonObject(entry.index)
      ? { sha256: entry.index.sha256, size: entry.index.size }
      : undefined;
  } catch {
    // not JSON: reported as not the signed entry
    return undefined;
  }
}

/** Index metadata back in F-Droid's metadata fields (English texts), for an app the repository has no file for. */
function appMetadataText(path: string, app: IndexedApp): string {
  const m = app.metadata;
  const english = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (!isJsonObject(value)) return undefined;
    const text = value['en-US'] ?? Object.values(value)[0];
    return typeof text === 'string' ? text : undefined;
  };
  const fields: Record<string, unknown> = {};
  const put = (field: string, value: unknown): void => {
    if (
      value !== undefined &&
      value !== null &&
      value !== '' &&
      !(Array.isArray(value) && value.length === 0)
    )
      fields[field] = value;
  };
  put('AntiFeatures', sharedAntiFeatures(app));
  put(
    'Categories',
    Array.isArray(m.categories) ? m.categories.filter((c) => typeof c === 'string') : undefined,
  );
  put('License', typeof m.license === 'string' ? m.license : undefined);
  for (const [key, field] of [
    ['authorName', 'AuthorName'],
    ['authorEmail', 'AuthorEmail'],
    ['authorWebSite', 'AuthorWebSite'],
    ['webSite', 'WebSite'],
    ['sourceCode', 'SourceCode'],
    ['issueTracker', 'IssueTracker'],
    ['translation', 'Translation'],
    ['changelog', 'Changelog'],
    ['liberapay', 'Liberapay'],
    ['openCollective', 'OpenCollective'],
    ['bitcoin', 'Bitcoin'],
    ['litecoin', 'Litecoin'],
  ] as const) {
    put(field, typeof m[key] === 'string' ? m[key] : undefined);
  }
  put(
    'Donate',
    Array.isArray(m.donate) && typeof m.donate[0] === 'string' ? m.donate[0] : undefined,
  );
  put('AutoName', english(m.name));
  put('Summary', english(m.summary));
  put('Description', english(m.description));
  return formatContentFile(path, 'app', new Document(fields).toString(CANONICAL_LAYOUT)).text;
}

/** The anti-features every version of the app carries (index-v2 lists them per version), with their reasons. */
function sharedAntiFeatures(app: IndexedApp): Record<string, unknown> | undefined {
  const [first, ...rest] = app.versions.map((v) => v.antiFeatures ?? {});
  if (first === undefined) return undefined;
  const shared: Record<string, unknown> = {};
  for (const [name, reason] of Object.entries(first)) {
    if (!rest.every((other) => name in other)) continue;
    shared[name] = isJsonObject(reason) && Object.keys(reason).length > 0 ? reason : null;
  }
  return Object.keys(shared).length > 0 ? shared : undefined;
}

function whole(code: string, file: string, message: string): Diagnostic {
  return { code, severity: 'error', message, file, line: 1, column: 1 };
}
