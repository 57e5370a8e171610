import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { describeJson, inputDiagnostic, isJsonObject, type JsonInput } from './json-input.js';

/** One build as the LineageOS updater API gives it, in gitota's terms. */
export interface LineageBuild {
  filename: string;
  sha256: string;
  datetime: number;
  romtype: string;
  version: string;
  size: number;
  url: string;
  os_sdk_level?: number;
  os_patch_level?: string;
  ota_property_files?: string;
  /** `entry 2 of FILE`, for messages. */
  origin: string;
  /** Where it is in its input, for diagnostics. */
  input: JsonInput;
  pointer: string;
}

/** Every field present: what an EntryReader gives when `ok`. */
type Defined<T> = { [K in keyof T]: NonNullable<T[K]> };

const SHA256 = /^[0-9a-f]{64}$/;
const ZIP_NAME = /^[A-Za-z0-9_][^/\\\s]*\.zip$/;
const VERSION = /^[0-9]+\.[0-9]+$/;
const ROMTYPE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const PATCH_LEVEL = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const PROPERTY_FILES = /^[^\s,:]+:[0-9]+:[0-9]+(,[^\s,:]+:[0-9]+:[0-9]+)*$/;

/**
 * Reads a device's build list: v1 (`{"response":[…]}`, seven keys each) or v2
 * (`[…]`, each build with `files`, the OTA zip first). Every bad entry is a
 * diagnostic at its line; builds are returned only when there are none.
 */
export function parseLineageBuilds(input: JsonInput): {
  api: 'v1' | 'v2' | undefined;
  builds: LineageBuild[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const builds: LineageBuild[] = [];
  const { data } = input;
  if (isJsonObject(data) && Array.isArray(data.response)) {
    data.response.forEach((entry, i) => readV1(input, entry, i, builds, diagnostics));
    return { api: 'v1', builds: diagnostics.length > 0 ? [] : builds, diagnostics };
  }
  if (Array.isArray(data)) {
    data.forEach((entry, i) => readV2(input, entry, i, builds, diagnostics));
    return { api: 'v2', builds: diagnostics.length > 0 ? [] : builds, diagnostics };
  }
  diagnostics.push(
    inputDiagnostic(
      input,
      'GITOTA653',
      '',
      `${input.file} is neither the updater's v1 answer ({"response": […]}) nor its v2 one ([…]); found ${describeJson(data)}`,
    ),
  );
  return { api: undefined, builds, diagnostics };
}

/** Reads the fields shared by a v1 entry and a v2 file; undefined (with diagnostics) when one is wrong. */
class EntryReader {
  ok = true;
  constructor(
    private readonly input: JsonInput,
    private readonly record: Record<string, unknown>,
    private readonly pointer: string,
    private readonly what: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  text(key: string, pattern: RegExp, expected: string, code = 'GITOTA653'): string | undefined {
    const value = this.record[key];
    if (typeof value === 'string' && pattern.test(value)) return value;
    this.fail(
      key,
      code,
      `${this.what}: \`${key}\` must be ${expected}; found ${describeJson(value)}`,
    );
  }

  optionalText(key: string, pattern: RegExp, expected: string): string | undefined {
    return this.record[key] === undefined || this.record[key] === null
      ? undefined
      : this.text(key, pattern, expected);
  }

  integer(key: string, minimum: number, expected: string): number | undefined {
    const value = this.record[key];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= minimum) return value;
    this.fail(
      key,
      'GITOTA653',
      `${this.what}: \`${key}\` must be ${expected}; found ${describeJson(value)}`,
    );
  }

  optionalInteger(key: string, minimum: number, expected: string): number | undefined {
    return this.record[key] === undefined || this.record[key] === null
      ? undefined
      : this.integer(key, minimum, expected);
  }

  url(key: string): string | undefined {
    const value = this.record[key];
    if (typeof value === 'string' && /^https?:\/\//.test(value) && URL.canParse(value))
      return value;
    this.fail(
      key,
      'GITOTA653',
      `${this.what}: \`${key}\` must be an http(s) URL; found ${describeJson(value)}`,
    );
  }

  filename(key: string): string | undefined {
    const value = this.record[key];
    if (
      typeof value === 'string' &&
      (value.includes('/') || value.includes('\\') || value.startsWith('.'))
    ) {
      this.fail(
        key,
        'GITOTA654',
        `${this.what}: \`${key}\` ${JSON.stringify(value)} is not a plain file name (it would leave releases/<device>/)`,
      );
      return;
    }
    return this.text(key, ZIP_NAME, 'a plain file name ending in .zip', 'GITOTA653');
  }

  private fail(key: string, code: string, message: string): undefined {
    this.ok = false;
    this.diagnostics.push(
      inputDiagnostic(
        this.input,
        code,
        this.record[key] === undefined ? this.pointer : `${this.pointer}/${key}`,
        message,
      ),
    );
    return undefined;
  }
}

function readV1(
  input: JsonInput,
  entry: unknown,
  i: number,
  builds: LineageBuild[],
  diagnostics: Diagnostic[],
): void {
  const pointer = `/response/${i}`;
  const what = `build ${i}`;
  if (!isJsonObject(entry))
    return void diagnostics.push(
      inputDiagnostic(
        input,
        'GITOTA653',
        pointer,
        `${what} must be an object; found ${describeJson(entry)}`,
      ),
    );
  const read = new EntryReader(input, entry, pointer, what, diagnostics);
  const build = {
    filename: read.filename('filename'),
    sha256: read.text(
      'id',
      SHA256,
      "the zip's sha256 (64 lower-case hex digits), as gitota and its v1 files use it",
    ),
    datetime: read.integer('datetime', 0, 'unix seconds'),
    romtype: read.text('romtype', ROMTYPE, 'a channel name such as nightly'),
    version: read.text('version', VERSION, 'a version "MAJOR.MINOR"'),
    size: read.integer('size', 1, "the zip's size in bytes"),
    url: read.url('url'),
  };
  if (read.ok)
    builds.push({
      ...(build as Defined<typeof build>),
      origin: `${what} of ${input.file}`,
      input,
      pointer,
    });
}

function readV2(
  input: JsonInput,
  entry: unknown,
  i: number,
  builds: LineageBuild[],
  diagnostics: Diagnostic[],
): void {
  const pointer = `/${i}`;
  const what = `build ${i}`;
  if (!isJsonObject(entry))
    return void diagnostics.push(
      inputDiagnostic(
        input,
        'GITOTA653',
        pointer,
        `${what} must be an object; found ${describeJson(entry)}`,
      ),
    );
  const files = entry.files;
  if (!Array.isArray(files) || files.length === 0 || !isJsonObject(files[0])) {
    return void diagnostics.push(
      inputDiagnostic(
        input,
        'GITOTA653',
        files === undefined ? pointer : `${pointer}/files`,
        `${what}: \`files\` must list the OTA zip first; found ${describeJson(files)}`,
      ),
    );
  }
  const read = new EntryReader(input, entry, pointer, what, diagnostics);
  const zip = new EntryReader(
    input,
    files[0],
    `${pointer}/files/0`,
    `${what}, file 0`,
    diagnostics,
  );
  const build = {
    datetime: read.integer('datetime', 0, 'unix seconds'),
    romtype: read.text('type', ROMTYPE, 'a channel name such as nightly'),
    version: read.text('version', VERSION, 'a version "MAJOR.MINOR"'),
    filename: zip.filename('filename'),
    sha256: zip.text('sha256', SHA256, '64 lower-case hex digits'),
    size: zip.integer('size', 1, "the zip's size in bytes"),
    url: zip.url('url'),
  };
  const levels = {
    os_sdk_level:
      read.optionalInteger('os_sdk_level', 1, 'an SDK level') ??
      zip.optionalInteger('os_sdk_level', 1, 'an SDK level'),
    os_patch_level:
      read.optionalText('os_patch_level', PATCH_LEVEL, 'a date YYYY-MM-DD') ??
      zip.optionalText('os_patch_level', PATCH_LEVEL, 'a date YYYY-MM-DD'),
    ota_property_files: zip.optionalText(
      'ota_property_files',
      PROPERTY_FILES,
      'name:offset:size entries joined by commas',
    ),
  };
  if (!read.ok || !zip.ok) return;
  const out: LineageBuild = {
    ...(build as Defined<typeof build>),
    origin: `${what} of ${input.file}`,
    input,
    pointer,
  };
  for (const [key, value] of Object.entries(levels))
    if (value !== undefined) Object.assign(out, { [key]: value });
  builds.push(out);
}
