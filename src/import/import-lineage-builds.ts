import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createReleaseText, deriveReleaseId, type NewRelease } from './release-file.js';
import { finishImport, refusedImport, type ImportReport } from './import-report.js';
import { inputDiagnostic, readJsonSource } from './json-input.js';
import { parseLineageBuilds, type LineageBuild } from './lineage-builds.js';
import type { ImportSources } from './import-source.js';
import type { PlannedFile } from './write-plan.js';

export interface LineageBuildsOptions {
  /** The device of every input; otherwise read from each input's path (`…/api/v1/<device>/…`, `…/api/v2/devices/<device>/…`). */
  device?: string;
  /** For v1 inputs, which carry no SDK or patch level, when no v2 input of the device gives them. */
  osSdkLevel?: number;
  osPatchLevel?: string;
  sources: ImportSources;
  now: number;
}

const CODENAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * `gitota import lineage-builds`: each build of the updater API's v1 or v2
 * answers becomes releases/<device>/<id>.yaml (id: the zip's name without
 * .zip). A v1 and a v2 answer of one device are merged by file name (v2 adds
 * the SDK and patch levels and ota_property_files). All or nothing.
 */
export async function importLineageBuilds(
  root: string,
  inputs: ReadonlyArray<{ source: string; absolute: string }>,
  options: LineageBuildsOptions,
): Promise<ImportReport> {
  const diagnostics: Diagnostic[] = [];
  const merged = new Map<string, { device: string; build: LineageBuild }>();
  for (const { source, absolute } of inputs) {
    const input = await readJsonSource(source, absolute, options.sources, diagnostics);
    if (input === undefined) continue;
    const device = options.device ?? inferDevice(source);
    if (device === undefined || !CODENAME.test(device)) {
      diagnostics.push(
        inputDiagnostic(
          input,
          'GITOTA653',
          '',
          device === undefined
            ? `${source} does not say which device it lists`
            : `${JSON.stringify(device)} is not a device codename`,
          'give -d CODENAME, or a path or URL ending in api/v1/<device>/<romtype>.json or api/v2/devices/<device>/builds.json',
        ),
      );
      continue;
    }
    const result = parseLineageBuilds(input);
    diagnostics.push(...result.diagnostics);
    const inThisInput = new Set<string>();
    for (const build of result.builds) {
      const key = `${device}/${build.filename}`;
      if (inThisInput.has(key)) {
        diagnostics.push(
          inputDiagnostic(
            build.input,
            'GITOTA655',
            build.pointer,
            `${build.origin}: ${build.filename} is listed twice`,
          ),
        );
        continue;
      }
      inThisInput.add(key);
      const earlier = merged.get(key);
      if (earlier === undefined) merged.set(key, { device, build });
      else {
        const conflict = mergeBuilds(earlier.build, build);
        if (conflict)
          diagnostics.push(
            inputDiagnostic(
              build.input,
              'GITOTA655',
              build.pointer,
              `${build.origin} and ${earlier.build.origin} both list ${build.filename}, with different ${conflict}`,
            ),
          );
      }
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return refusedImport(diagnostics);
  const planned: PlannedFile[] = [];
  for (const { device, build } of merged.values()) {
    const release = toRelease(device, build, options);
    if (release.os_sdk_level === undefined || release.os_patch_level === undefined) {
      diagnostics.push(
        inputDiagnostic(
          build.input,
          'GITOTA653',
          build.pointer,
          `${build.origin}: ${build.filename} has no SDK or security patch level (the v1 API does not carry them)`,
          "import the device's v2 builds.json as well, or give --os-sdk-level N and --os-patch-level YYYY-MM-DD",
        ),
      );
      continue;
    }
    const { path, text } = createReleaseText(deriveReleaseId(build.filename), release);
    planned.push({ path, content: text, mode: 'create', origin: build.origin });
  }
  return finishImport(root, planned, diagnostics, options.now);
}

/** Adds what `later` knows to `first` (levels from v2); returns the first field they disagree on. */
function mergeBuilds(first: LineageBuild, later: LineageBuild): string | undefined {
  for (const key of ['sha256', 'size', 'datetime', 'url', 'romtype', 'version'] as const)
    if (first[key] !== later[key]) return key;
  for (const key of ['os_sdk_level', 'os_patch_level', 'ota_property_files'] as const) {
    if (later[key] === undefined) continue;
    if (first[key] !== undefined && first[key] !== later[key]) return key;
    Object.assign(first, { [key]: later[key] });
  }
  return undefined;
}

function toRelease(device: string, build: LineageBuild, options: LineageBuildsOptions): NewRelease {
  const release: NewRelease = {
    device,
    version: build.version,
    romtype: build.romtype.toLowerCase(),
    datetime: build.datetime,
    filename: build.filename,
    url: build.url,
    sha256: build.sha256,
    size: build.size,
  };
  const sdk = build.os_sdk_level ?? options.osSdkLevel;
  const patch = build.os_patch_level ?? options.osPatchLevel;
  if (sdk !== undefined) release.os_sdk_level = sdk;
  if (patch !== undefined) release.os_patch_level = patch;
  if (build.ota_property_files !== undefined) release.ota_property_files = build.ota_property_files;
  return release;
}

/** The device an updater URL or a saved copy of it names. */
export function inferDevice(source: string): string | undefined {
  const path = source.replaceAll('\\', '/');
  return (
    /\/api\/v1\/([^/?#]+)\/[^/?#]+/.exec(path)?.[1] ??
    /\/api\/v2\/devices\/([^/?#]+)\//.exec(path)?.[1]
  );
}
