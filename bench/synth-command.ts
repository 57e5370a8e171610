import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { compareStrings } from '../src/diagnostics/diagnostic.js';
import { appTemplateId } from './synth/synth-apps.js';
import {
  synthesizeRepository,
  type AppTemplate,
  type LineageDeviceEntry,
  type SynthOptions,
} from './synth/synthesize-repository.js';
import { parseCommandArgs, type Command } from '../src/cli/command.js';
import { EXIT_OK, UsageError, type CliIo } from '../src/cli/io.js';

const USAGE = `Usage: node bench/lib/main.js synth --out DIR [--devices N] [--builds N] [--apps N] [--seed S] [--corpus DIR]

Writes a deterministic synthetic content repository for benchmarks: N devices
(LineageOS's real device list first), N release files per device (weekly
nightlies, stable builds, incrementals; payloads named by URL with plausible
hashes, a few small ones kept in the repository), N apps copied from real
fdroiddata metadata under new ids with a versions.yaml each, TomTom
package-lists and update-locations, and a handful of Legato packs. The same
options give the same bytes; nothing depends on the clock. It validates clean
with SOURCE_DATE_EPOCH=1791417600 or any later time.

  --out DIR       where to write (must not exist, or be empty)
  --devices N     devices (default 600)
  --builds N      release files per device (default 50)
  --apps N        apps (default 6500)
  --seed S        seed of the generator (default "gitota")
  --corpus DIR    folder with lineageos/devices.json and fdroiddata/metadata/*.yml
                  (default: $GITOTA_CORPUS, else ../shared/corpus from the working directory)
`;

export const synthCommand: Command = {
  name: 'synth',
  summary: 'write a deterministic synthetic content repository at LineageOS and F-Droid scale',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      out: { type: 'string' },
      devices: { type: 'string' },
      builds: { type: 'string' },
      apps: { type: 'string' },
      seed: { type: 'string' },
      corpus: { type: 'string' },
    });
    if (values.out === undefined) throw new UsageError('--out DIR is required');
    const options: SynthOptions = {
      devices: readCount('--devices', values.devices, 600),
      builds: readCount('--builds', values.builds, 50),
      apps: readCount('--apps', values.apps, 6500),
      seed: values.seed ?? 'gitota',
    };
    const out = resolve(io.cwd, values.out);
    if (existsSync(out) && (await readdir(out)).length > 0)
      throw new UsageError(`${out} exists and is not empty`);
    const corpus = resolve(io.cwd, values.corpus ?? io.env.GITOTA_CORPUS ?? '../shared/corpus');
    const inputs = await readCorpus(corpus);
    const summary = await writeSynthRepository(out, synthesizeRepository(inputs, options));
    io.stdout(
      `wrote ${summary.files} files (${summary.releases} releases, ${summary.apps} apps, ${(summary.bytes / 1_048_576).toFixed(1)} MiB) into ${out}\n`,
    );
    return EXIT_OK;
  },
};

function readCount(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > 1_000_000)
    throw new UsageError(
      `${flag} must be a whole number up to 1000000 (got ${JSON.stringify(value)})`,
    );
  return Number(value);
}

/** Reads the LineageOS device list and the fdroiddata templates. */
export async function readCorpus(
  corpus: string,
): Promise<{ lineageDevices: LineageDeviceEntry[]; appTemplates: AppTemplate[] }> {
  const devicesFile = join(corpus, 'lineageos', 'devices.json');
  const metadata = join(corpus, 'fdroiddata', 'metadata');
  if (!existsSync(devicesFile) || !existsSync(metadata)) {
    throw new UsageError(
      `${corpus} has no lineageos/devices.json and fdroiddata/metadata/ (give --corpus DIR or set GITOTA_CORPUS)`,
    );
  }
  const parsed: unknown = JSON.parse(await readFile(devicesFile, 'utf8'));
  const lineageDevices = (Array.isArray(parsed) ? parsed : []).filter(isDeviceEntry);
  const names = (await readdir(metadata)).filter((n) => n.endsWith('.yml')).sort(compareStrings);
  const appTemplates = await Promise.all(
    names.map(async (n) => ({
      id: appTemplateId(n),
      text: await readFile(join(metadata, n), 'utf8'),
    })),
  );
  return { lineageDevices, appTemplates };
}

function isDeviceEntry(value: unknown): value is LineageDeviceEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.model === 'string' && typeof v.oem === 'string' && typeof v.name === 'string';
}

/** Writes the generated files; returns what was written. */
export async function writeSynthRepository(
  out: string,
  files: Iterable<{ path: string; content: string | Uint8Array }>,
): Promise<{ files: number; bytes: number; releases: number; apps: number }> {
  const made = new Set<string>();
  const summary = { files: 0, bytes: 0, releases: 0, apps: 0 };
  let batch: Array<Promise<void>> = [];
  for (const file of files) {
    const target = join(out, ...file.path.split('/'));
    const folder = dirname(target);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    batch.push(writeFile(target, file.content));
    // A bounded number of writes in flight: fast, without tens of thousands of open files.
    if (batch.length >= 64) {
      await Promise.all(batch);
      batch = [];
    }
    summary.files++;
    summary.bytes +=
      typeof file.content === 'string' ? Buffer.byteLength(file.content) : file.content.length;
    if (file.path.startsWith('releases/')) summary.releases++;
    if (/^apps\/[^/]+\.yml$/.test(file.path)) summary.apps++;
  }
  await Promise.all(batch);
  return summary;
}
