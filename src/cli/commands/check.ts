import { resolve } from 'node:path';
import {
  checkForUpdate,
  withSession,
  type CheckResult,
  type SiteOptions,
} from '../../client/check-update.js';
import { ClientError } from '../../client/errors.js';
import type { LegatoCheckResult } from '../../client/legato-check.js';
import {
  checkLegato,
  isLegatoTargetResult,
  type LegatoTargetResult,
} from '../../client/legato-target.js';
import { checkTomTom, type TomTomCheckResult } from '../../client/tomtom-check.js';
import { TOMTOM_PROPERTIES, type TomTomProperty } from '../../formats/tomtom-resolve.js';
import { readRegularFile } from '../../load/open-regular-file.js';
import { stringifyJson } from '../../diagnostics/escape-json.js';
import { escapeText } from '../../diagnostics/escape-text.js';
import { readWallClock } from '../clock.js';
import { parseCommandArgs, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';

const USAGE = `Usage: gitota check --url URL --trusted-root FILE --device CODENAME --channel C [options]
       gitota check --url URL --trusted-root FILE --tomtom NAME [--prop KEY=VALUE...] [--installed NAME=VER...]
       gitota check --url URL --trusted-root FILE --legato TARGET [--download DIR]

A device's view of a gitota site: refreshes and verifies the TUF metadata (tuf-js),
reads the device's signed manifest, and decides which build the device takes (the
LineageOS updater's rules: same channel, newer build date, same version; a staged
rollout places the device by --device-id; a delta zip when one starts from
--current-build). Prints {"action","build","file","incremental","reason"}.

  --url URL               the site (TUF metadata under URL/metadata/)
  --trusted-root FILE     the root the device ships with (the site's metadata/1.root.json; a regular file of at most 1 MiB)
  --device CODENAME       the device
  --channel C             its channel (LineageOS romtype)
  --current-version V     ro.lineage.build.version it runs
  --current-date UNIX     ro.build.date.utc of the build it runs
  --current-build ID      the id of the build it runs (for delta zips)
  --device-id ID          a stable device id: its rollout bucket
  --state DIR             keep trusted metadata here between runs (rollback protection)
  --download DIR          download the chosen file here; only a verified file lands there
  --current-time UNIX     the device's clock (default: now)
  --deadline SECONDS      the whole check's deadline, every download together (default: 300)
  --tomtom NAME           resolve TomTom update-locations NAME, every list verified
  --prop KEY=VALUE        TomTom device property (${TOMTOM_PROPERTIES.join(', ')}); repeatable
  --installed NAME=VER    TomTom package installed on the device; repeatable
  --legato TARGET         Legato: every pack for a device codename or a Legato target (hardware.legato-target),
                          or one pack by id or path (packs/<id>.update); chosen from signed metadata, verified and read
  --json                  print the result as JSON

Exit status: 0 a decision (update or none), 1 verification or download failed (one
line on stderr, nothing downloaded), 2 usage.
`;

/** A TUF root is a few KiB; a file past this is not one (and is never read whole). */
export const MAX_TRUSTED_ROOT_BYTES = 1 << 20;

function parsePairs(values: string[] | undefined, option: string): Array<[string, string]> {
  return (values ?? []).map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${option} takes KEY=VALUE, got ${JSON.stringify(pair)}`);
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

function parseSeconds(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`${option} takes a whole number of seconds, got ${JSON.stringify(value)}`);
  return Number(value);
}

function required(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new UsageError(`${option} is required`);
  return value;
}

/**
 * The readable forms of a check. What they print comes from the site (names,
 * URLs, versions that a pull request wrote), so every such field is escaped to
 * one line with no control or bidi character.
 */
export function describeDecision(result: CheckResult): string {
  if (result.action === 'none' || result.file === null)
    return `no update: ${escapeText(result.reason)}\n`;
  const lines = [
    `update${result.incremental ? ' (delta)' : ''}: ${escapeText(result.reason)}`,
    `  file    ${escapeText(result.file.url)}`,
    `  sha256  ${escapeText(result.file.sha256)}`,
    `  size    ${result.file.size} bytes`,
  ];
  if (result.downloaded !== undefined)
    lines.push(`  saved   ${escapeText(result.downloaded)} (verified)`);
  return `${lines.join('\n')}\n`;
}

function describeTomTom(result: TomTomCheckResult): string {
  const r = result.resolution;
  const lists = result.lists
    .map(
      (l) =>
        `  list ${escapeText(l.location)}: ${l.target !== undefined ? `verified (${escapeText(l.target)})` : 'not on this site: missing'}\n`,
    )
    .join('');
  if (!r.ok)
    return `${lists}the update fails:\n${r.errors.map((e) => `  ${e.code}: ${escapeText(e.message)}\n`).join('')}`;
  const packages = r.packages
    .map(
      (p) =>
        `  ${r.install.includes(p.name) ? 'install' : 'keep   '} ${escapeText(p.name)} ${escapeText(p.version)} ${escapeText(p.path)}${p.reboot ? ' (reboot)' : ''}\n`,
    )
    .join('');
  const removed = r.remove.map((name) => `  remove  ${escapeText(name)}\n`).join('');
  return `${lists}${packages}${removed}`;
}

function describeLegato(result: LegatoCheckResult): string {
  const sections = result.sections
    .map(
      (s) =>
        `  ${escapeText(s.command)}${s.name !== undefined ? ` ${escapeText(s.name)}` : ''}${s.version !== undefined ? ` ${escapeText(s.version)}` : ''}${s.size !== undefined ? ` (${s.size} bytes)` : ''}\n`,
    )
    .join('');
  const findings = result.findings
    .map((f) => `  ${f.code} (${f.rejectedBy} refuses): ${escapeText(f.message)}\n`)
    .join('');
  return `${escapeText(result.target)}: ${result.accepted ? 'verified; the device accepts it' : 'verified, but refused'}\n${sections}${findings}${result.downloaded !== undefined ? `  saved ${escapeText(result.downloaded)}\n` : ''}`;
}

function describeLegatoTarget(result: LegatoTargetResult): string {
  const how = result.matchedBy === 'device' ? 'device' : 'Legato target';
  return `${how} ${escapeText(result.target)}: ${result.packs.length} pack${result.packs.length === 1 ? '' : 's'}, ${result.accepted ? 'all accepted' : 'not all accepted'}\n${result.packs.map(describeLegato).join('')}`;
}

export const checkCommand: Command = {
  name: 'check',
  summary: "a device's view: verify the site (TUF) and decide which update it takes",
  usage: USAGE,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs(argv, {
      url: { type: 'string' },
      'trusted-root': { type: 'string' },
      device: { type: 'string' },
      channel: { type: 'string' },
      'current-version': { type: 'string' },
      'current-date': { type: 'string' },
      'current-build': { type: 'string' },
      'device-id': { type: 'string' },
      state: { type: 'string' },
      download: { type: 'string' },
      'current-time': { type: 'string' },
      tomtom: { type: 'string' },
      prop: { type: 'string', multiple: true },
      installed: { type: 'string', multiple: true },
      legato: { type: 'string' },
      deadline: { type: 'string' },
      json: { type: 'boolean' },
    });
    const url = required(values.url, '--url');
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      throw new UsageError(`--url must be an http(s) URL, got ${JSON.stringify(url)}`);
    const rootArg = required(values['trusted-root'], '--trusted-root');
    const trustedRoot: Uint8Array = await readRegularFile(
      resolve(io.cwd, rootArg),
      MAX_TRUSTED_ROOT_BYTES,
      { what: '--trusted-root', displayPath: rootArg },
    );
    const now = parseSeconds(values['current-time'], '--current-time') ?? readWallClock();
    const deadline = parseSeconds(values.deadline, '--deadline');
    if (deadline === 0) throw new UsageError('--deadline must be at least 1 second');
    const site: SiteOptions = {
      url,
      trustedRoot,
      now,
      ...(values.state !== undefined ? { stateDir: resolve(io.cwd, values.state) } : {}),
      ...(deadline !== undefined ? { deadlineMs: deadline * 1000 } : {}),
    };
    const download = values.download !== undefined ? resolve(io.cwd, values.download) : undefined;
    const print = (value: unknown, text: string) =>
      io.stdout(values.json ? `${stringifyJson(value, 2)}\n` : text);

    try {
      if (values.tomtom !== undefined) {
        const properties: Partial<Record<TomTomProperty, string>> = {};
        for (const [key, value] of parsePairs(values.prop, '--prop')) {
          if (!(TOMTOM_PROPERTIES as readonly string[]).includes(key))
            throw new UsageError(
              `--prop ${key}: not a TomTom property (${TOMTOM_PROPERTIES.join(', ')})`,
            );
          properties[key as TomTomProperty] = value;
        }
        const installed = new Map(parsePairs(values.installed, '--installed'));
        const name = values.tomtom;
        const result = await withSession(site, (session) =>
          checkTomTom(session, { siteUrl: url, name, properties, installed }),
        );
        print(result, describeTomTom(result));
        return result.resolution.ok ? EXIT_OK : EXIT_FAILURE;
      }
      if (values.legato !== undefined) {
        const target = values.legato;
        const result = await withSession(site, (session) => checkLegato(session, target, download));
        print(
          result,
          isLegatoTargetResult(result) ? describeLegatoTarget(result) : describeLegato(result),
        );
        return result.accepted ? EXIT_OK : EXIT_FAILURE;
      }
      const currentDate = parseSeconds(values['current-date'], '--current-date');
      const result = await checkForUpdate({
        ...site,
        device: required(values.device, '--device'),
        channel: required(values.channel, '--channel'),
        ...(values['current-version'] !== undefined
          ? { currentVersion: values['current-version'] }
          : {}),
        ...(currentDate !== undefined ? { currentDate } : {}),
        ...(values['current-build'] !== undefined ? { currentBuild: values['current-build'] } : {}),
        ...(values['device-id'] !== undefined ? { deviceId: values['device-id'] } : {}),
        ...(download !== undefined ? { downloadDir: download } : {}),
      });
      print(result, describeDecision(result));
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      io.stderr(`gitota check: ${error.code}: ${escapeText(error.message)}\n`);
      return EXIT_FAILURE;
    }
  },
};
