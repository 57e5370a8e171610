import { dirname, join } from 'node:path';
import { Document } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CANONICAL_LAYOUT } from '../fmt/canonical-indent.js';
import { formatContentFile } from '../fmt/format-content-file.js';
import type { FileKind } from '../load/source-file.js';
import { mapSchemaErrors } from '../validate/schema-errors.js';
import { checkSchema } from '../validate/schemas.js';
import { findPackagePathProblems, isLocalPackagePath } from '../validate/rules/tomtom-path.js';
import { finishImport, refusedImport, type ImportReport } from './import-report.js';
import { isUrl, readSource, type ImportSources } from './import-source.js';
import {
  describeJson,
  inputDiagnostic,
  isJsonObject,
  readJsonSource,
  type JsonInput,
} from './json-input.js';
import type { PlannedFile } from './write-plan.js';

export interface TomTomImportOptions {
  sources: ImportSources;
  now: number;
}

interface TomTomInput {
  source: string;
  absolute: string;
  input: JsonInput;
  kind: 'package-list' | 'update-locations';
  name: string;
  data: Record<string, unknown>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/**
 * `gitota import tomtom`: the device-facing update-locations and package-list
 * JSON (every value a string, as the device reads it) become YAML files that
 * `gitota build` turns back into the same JSON. A package-list's relative
 * payload paths are brought along from beside the list (a file or its URL).
 */
export async function importTomTom(
  root: string,
  inputs: ReadonlyArray<{ source: string; absolute: string }>,
  options: TomTomImportOptions,
): Promise<ImportReport> {
  const diagnostics: Diagnostic[] = [];
  const read: TomTomInput[] = [];
  for (const { source, absolute } of inputs) {
    const input = await readJsonSource(source, absolute, options.sources, diagnostics);
    if (input === undefined) continue;
    const classified = classify(input, source, absolute, diagnostics);
    if (classified) read.push(classified);
  }
  if (diagnostics.length > 0) return refusedImport(diagnostics);
  const lists = new Map(
    read.filter((r) => r.kind === 'package-list').map((r) => [lastSegment(r.source), r.name]),
  );
  const planned: PlannedFile[] = [];
  const names = new Map<string, TomTomInput>();
  for (const item of read) {
    const path = `${item.kind === 'package-list' ? 'package-lists' : 'update-locations'}/${item.name}.yaml`;
    const first = names.get(path);
    if (first) {
      diagnostics.push(
        inputDiagnostic(
          item.input,
          'GITOTA655',
          '',
          `${item.source} and ${first.source} would both be ${path}`,
        ),
      );
      continue;
    }
    names.set(path, item);
    diagnostics.push(
      ...mapSchemaErrors(
        { path: item.source, kind: item.kind, locate: (p) => item.input.locate(p) },
        checkSchema(item.kind, item.data),
      ),
    );
    if (item.kind === 'package-list')
      diagnostics.push(...(await planPayloads(item, planned, options.sources)));
    const data = item.kind === 'update-locations' ? linkLists(item.data, lists) : item.data;
    planned.push({
      path,
      content: toYaml(path, item.kind, data),
      mode: 'create',
      origin: item.source,
    });
  }
  return finishImport(root, planned, diagnostics, options.now);
}

/** Which of the two files an input is, and the name it gets. */
function classify(
  input: JsonInput,
  source: string,
  absolute: string,
  diagnostics: Diagnostic[],
): TomTomInput | undefined {
  const { data } = input;
  const kind = isJsonObject(data)
    ? 'packages' in data
      ? 'package-list'
      : 'files' in data || 'uris' in data
        ? 'update-locations'
        : undefined
    : undefined;
  if (!isJsonObject(data) || kind === undefined) {
    diagnostics.push(
      inputDiagnostic(
        input,
        'GITOTA653',
        '',
        `${source} is neither a package-list (with "packages") nor an update-locations file (with "files" or "uris"); found ${describeJson(data)}`,
      ),
    );
    return undefined;
  }
  const name = nameOf(source, kind);
  if (name === undefined || !NAME.test(name)) {
    diagnostics.push(
      inputDiagnostic(
        input,
        'GITOTA654',
        '',
        `${source} gives no plain name for ${kind}s/<name>.yaml (found ${JSON.stringify(name ?? '')})`,
        'name package-lists package-list.NAME or NAME.json, and put an update-locations file in a folder named after it',
      ),
    );
    return undefined;
  }
  return { source, absolute, input, kind, name, data };
}

/** `…/fleet/update-locations` → fleet; `package-list.base` → base; `base.json` → base. */
export function nameOf(
  source: string,
  kind: 'package-list' | 'update-locations',
): string | undefined {
  const segments = (isUrl(source) ? new URL(source).pathname : source.replaceAll('\\', '/'))
    .split('/')
    .filter((s) => s !== '');
  const last = segments.at(-1);
  if (last === undefined) return undefined;
  if (last === kind) return segments.at(-2);
  if (last.startsWith(`${kind}.`)) return last.slice(kind.length + 1);
  return last.endsWith('.json') ? last.slice(0, -'.json'.length) : last;
}

function lastSegment(source: string): string {
  const path = isUrl(source) ? new URL(source).pathname : source.replaceAll('\\', '/');
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A uri naming a package-list imported with it becomes `list: NAME`: gitota publishes that list and writes its URL. */
function linkLists(
  data: Record<string, unknown>,
  lists: ReadonlyMap<string, string>,
): Record<string, unknown> {
  if (!Array.isArray(data.uris)) return data;
  const uris = data.uris.map((entry: unknown) => {
    if (!isJsonObject(entry) || typeof entry.uri !== 'string' || !URL.canParse(entry.uri))
      return entry;
    const name = lists.get(lastSegment(entry.uri));
    if (name === undefined) return entry;
    const { uri: _uri, ...rest } = entry;
    return { list: name, ...rest };
  });
  return { ...data, uris };
}

/** Each relative payload path of the list, copied from beside it to package-lists/<name>/<path>. */
async function planPayloads(
  item: TomTomInput,
  planned: PlannedFile[],
  sources: ImportSources,
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  for (const key of ['packages', 'special_packages'] as const) {
    const list = item.data[key];
    if (!Array.isArray(list)) continue;
    for (const [i, entry] of list.entries()) {
      if (!isJsonObject(entry)) continue;
      const pointer = `/${key}/${i}`;
      if (typeof entry.name === 'string') {
        const first = seen.get(entry.name);
        if (first !== undefined)
          out.push(
            inputDiagnostic(
              item.input,
              'GITOTA655',
              `${pointer}/name`,
              `${key}[${i}]: package ${JSON.stringify(entry.name)} is listed twice (first at ${first})`,
            ),
          );
        else seen.set(entry.name, i);
      }
      const path = entry.path;
      if (
        typeof path !== 'string' ||
        path === '' ||
        entry.exclude === 'true' ||
        entry.externally_managed === 'true'
      )
        continue;
      const problems = findPackagePathProblems(path, key === 'packages');
      for (const p of problems)
        out.push({
          ...inputDiagnostic(
            item.input,
            p.code,
            `${pointer}/path`,
            `${key}[${i}] (${String(entry.name)}): ${p.message}`,
          ),
          ...(p.hint ? { hint: p.hint } : {}),
        });
      if (problems.length > 0 || !isLocalPackagePath(path)) continue;
      const from = isUrl(item.source)
        ? new URL(path, item.source).href
        : join(dirname(item.absolute), path);
      const payload = await readSource(isUrl(item.source) ? from : path, from, sources);
      if (!payload.ok) {
        out.push(
          inputDiagnostic(
            item.input,
            payload.diagnostic.code,
            `${pointer}/path`,
            `${key}[${i}] (${String(entry.name)}): its payload ${path} is not beside the package-list: ${payload.diagnostic.message}`,
            'give the package-list where its payloads are, or make the path an https URL',
          ),
        );
        continue;
      }
      planned.push({
        path: `package-lists/${item.name}/${path}`,
        content: payload.bytes,
        mode: 'create',
        origin: `${key}[${i}] of ${item.source}`,
      });
    }
  }
  return out;
}

function toYaml(path: string, kind: FileKind, data: Record<string, unknown>): string {
  return formatContentFile(path, kind, new Document(data).toString(CANONICAL_LAYOUT)).text;
}
