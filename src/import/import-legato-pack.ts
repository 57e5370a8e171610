import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Document } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CANONICAL_LAYOUT } from '../fmt/canonical-indent.js';
import { formatContentFile } from '../fmt/format-content-file.js';
import type { PackApp, PackSpec } from '../model/types.js';
import { buildPack } from '../packs/build-pack.js';
import { PackInputError, PackSpecError } from '../packs/errors.js';
import { readPack, type PackSection } from '../packs/read-pack.js';
import { finishImport, refusedImport, type ImportReport } from './import-report.js';
import type { ImportSources } from './import-source.js';
import type { PlannedFile } from './write-plan.js';
import { whenAbsent } from '../diagnostics/absent.js';

export interface LegatoImportOptions {
  /** The spec's name (packs/<name>.yaml); only with one pack. */
  name?: string;
  sources: Pick<ImportSources, 'maxBytes'>;
  now: number;
}

const LEGATO_HINT =
  "import packs made by Legato's tools (mkapp, mksys): their md5 is the staging-area md5 of the payload";
const SPEC_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/**
 * `gitota import legato-pack`: a `.update` file, read by the one pack reader
 * (src/packs/read-pack.ts, which refuses what the device refuses), becomes
 * packs/<name>.yaml plus its payloads under packs/<name>/. Before anything is
 * written, gitota builds the pack from that spec and checks it is the same
 * file byte for byte (GITOTA657 when it is not, e.g. a header md5 that is not
 * the payload's Legato md5).
 */
export async function importLegatoPacks(
  root: string,
  inputs: ReadonlyArray<{ source: string; absolute: string }>,
  options: LegatoImportOptions,
): Promise<ImportReport> {
  if (options.name !== undefined && inputs.length !== 1)
    return refusedImport([
      whole('GITOTA653', inputs[0]?.source ?? '', '--name names one pack; give one FILE with it'),
    ]);
  const diagnostics: Diagnostic[] = [];
  const planned: PlannedFile[] = [];
  for (const { source, absolute } of inputs) {
    const info = await stat(absolute).catch(whenAbsent(undefined));
    if (!info?.isFile()) {
      diagnostics.push(whole('GITOTA650', source, `${source} cannot be read: not a regular file`));
      continue;
    }
    if (info.size > options.sources.maxBytes) {
      diagnostics.push(
        whole(
          'GITOTA651',
          source,
          `${source} is ${info.size} bytes, more than the ${options.sources.maxBytes} an import reads`,
        ),
      );
      continue;
    }
    const report = await readPack(absolute, { displayPath: source });
    const errors = report.findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      diagnostics.push(...errors.map(({ rejectedBy: _by, offset: _offset, ...d }) => d));
      continue;
    }
    const name = options.name ?? defaultName(report.sections, source);
    if (!SPEC_NAME.test(name)) {
      diagnostics.push({
        ...whole(
          'GITOTA654',
          source,
          `${JSON.stringify(name)} is not a plain name for packs/<name>.yaml`,
        ),
        hint: 'give --name NAME (letters, digits, . _ -)',
      });
      continue;
    }
    const bytes = new Uint8Array(await readFile(absolute));
    const plan = planPack(name, report.sections, bytes, source);
    const mismatch = await checkReproduced(plan, bytes, options.now);
    if (mismatch !== undefined) {
      diagnostics.push({
        ...whole(
          'GITOTA657',
          source,
          `gitota would not write ${source} byte for byte: ${mismatch}`,
        ),
        hint: LEGATO_HINT,
      });
      continue;
    }
    planned.push(...plan.files);
  }
  return finishImport(root, planned, diagnostics, options.now);
}

interface PackPlan {
  spec: PackSpec;
  files: PlannedFile[];
}

/** The app's name for an app pack (remove-<app> for a removal), the file's name for the others. */
function defaultName(sections: readonly PackSection[], source: string): string {
  const first = sections[0];
  if (first?.command === 'updateApp' && first.name) return first.name;
  if (first?.command === 'removeApp' && first.name) return `remove-${first.name}`;
  return basename(source).replace(/\.update$/, '');
}

function planPack(
  name: string,
  sections: readonly PackSection[],
  bytes: Uint8Array,
  source: string,
): PackPlan {
  const files: PlannedFile[] = [];
  const payloadOf = (section: PackSection, file: string): { sha256: string; path: string } => {
    const data = bytes.subarray(section.payloadOffset, section.payloadOffset + (section.size ?? 0));
    const path = `packs/${name}/${file}`;
    files.push({
      path,
      content: data,
      mode: 'create',
      origin: `the ${section.command} section of ${source}`,
    });
    return { path, sha256: createHash('sha256').update(data).digest('hex') };
  };
  const [first, ...rest] = sections as [PackSection, ...PackSection[]];
  const spec: PackSpec = {
    file: `packs/${name}.yaml`,
    id: name,
    command: first.command as PackSpec['command'],
    name: first.name ?? name,
  };
  const yaml: Record<string, unknown> = { command: first.command, name: spec.name };
  if (first.command === 'updateApp' || first.command === 'updateSystem') {
    if (first.version !== undefined) spec.version = yaml.version = first.version;
    const payload = payloadOf(
      first,
      first.command === 'updateApp' ? `${safeFileName(spec.name)}.tar.bz2` : 'system.tar.bz2',
    );
    spec.payload = { tarball: payload.path, sha256: payload.sha256 };
    yaml.payload = { ...spec.payload };
  } else if (first.command === 'updateFirmware') {
    const payload = payloadOf(first, 'firmware.cwe');
    spec.payload = { file: payload.path, sha256: payload.sha256 };
    yaml.payload = { ...spec.payload };
  }
  if (first.command === 'updateSystem') {
    const apps: PackApp[] = rest.map((section) => {
      const payload = payloadOf(section, `${safeFileName(section.name ?? '')}.tar.bz2`);
      return {
        name: section.name ?? '',
        ...(section.version !== undefined ? { version: section.version } : {}),
        payload: { tarball: payload.path, sha256: payload.sha256 },
      };
    });
    spec.apps = apps;
    yaml.apps = apps.map((a) => ({ ...a, payload: { ...a.payload } }));
  }
  const path = spec.file;
  const text = formatContentFile(path, 'pack', new Document(yaml).toString(CANONICAL_LAYOUT)).text;
  files.unshift({ path, content: text, mode: 'create', origin: source });
  return { spec, files };
}

/** App names the reader accepted have no `/`; anything else a file name cannot hold is replaced. */
function safeFileName(name: string): string {
  const cleaned = name.replaceAll(/[^A-Za-z0-9._-]/g, '_');
  return cleaned === '' || cleaned.startsWith('.') ? `app${cleaned}` : cleaned;
}

/** Builds the spec in a scratch copy and compares; the first difference, or undefined when the bytes are the same. */
async function checkReproduced(
  plan: PackPlan,
  original: Uint8Array,
  now: number,
): Promise<string | undefined> {
  const scratch = await mkdtemp(join(tmpdir(), 'gitota-legato-import-'));
  try {
    for (const file of plan.files) {
      if (typeof file.content === 'string') continue;
      await mkdir(dirname(join(scratch, 'repo', file.path)), { recursive: true });
      await writeFile(join(scratch, 'repo', file.path), file.content);
    }
    let built;
    try {
      built = await buildPack(plan.spec, {
        repoDir: join(scratch, 'repo'),
        tmpDir: join(scratch, 'tmp'),
        now,
        out: join(scratch, 'built.update'),
      });
    } catch (error) {
      if (error instanceof PackSpecError || error instanceof PackInputError) return error.message;
      throw error;
    }
    const rebuilt = await readFile(built.path);
    if (Buffer.from(original).equals(rebuilt)) return undefined;
    return describeDifference(
      built.sections.map((s) => s.header),
      original,
      rebuilt,
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function describeDifference(
  headers: ReadonlyArray<Record<string, unknown>>,
  original: Uint8Array,
  rebuilt: Uint8Array,
): string {
  const text = Buffer.from(original).toString('latin1');
  for (const header of headers) {
    if (typeof header.md5 === 'string' && !text.includes(`"md5":"${header.md5}"`))
      return `its ${String(header.command)} section's md5 is not ${header.md5}, the Legato md5 of its payload`;
  }
  let at = 0;
  while (at < original.length && at < rebuilt.length && original[at] === rebuilt[at]) at++;
  return `the bytes differ from offset ${at} (gitota writes ${rebuilt.length} bytes, the file has ${original.length})`;
}

function whole(code: string, file: string, message: string): Diagnostic {
  return { code, severity: 'error', message, file, line: 1, column: 1 };
}
