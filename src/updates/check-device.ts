import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { mergeBuildFacts } from '../import/ota-build-facts.js';
import { readOtaMetadata } from '../import/ota-metadata.js';
import { createReleaseText, deriveReleaseId, type NewRelease } from '../import/release-file.js';
import type { Content, Device, WatchSource } from '../model/types.js';
import type { CheckContext } from './check-context.js';
import { UpstreamError, UPSTREAM_DIAGNOSTIC } from './errors.js';
import { execWithin, PatternTimeout } from './python-regex.js';
import { diagnosticAt, type TargetOutcome } from './outcome.js';
import {
  fieldsFromFilename,
  parseDirectoryListing,
  parseGitHubReleases,
  parseJsonIndex,
  type UpstreamBuild,
} from './watch-listing.js';
import { whenAbsent } from '../diagnostics/absent.js';

/**
 * One device's check: read each watch source (the device's own, and its
 * channels' with `{device}` filled in), keep the builds newer than what the
 * repository has, complete what a listing does not say from the zip itself
 * (sha256 and size while streaming it, the OTA metadata inside), and propose
 * one release file per new build. A build that fails a check is reported and
 * left out; the others are still proposed.
 */

/** At most this many new builds of one device in one proposal (the newest). */
const MAX_NEW_BUILDS = 3;

interface Source {
  source: WatchSource;
  /** The channel a channel-level source belongs to. */
  channel?: string;
  pointer: string;
  file: string;
}

export function watchSourcesOf(content: Content, device: Device): Source[] {
  const sources: Source[] = (device.watch ?? []).map((source, i) => ({
    source,
    pointer: `/watch/${i}`,
    file: device.file,
  }));
  for (const [channel, policy] of Object.entries(content.config.channels)) {
    (policy.watch ?? []).forEach((source, i) =>
      sources.push({
        source,
        channel,
        pointer: `/channels/${channel}/watch/${i}`,
        file: content.config.file,
      }),
    );
  }
  return sources;
}

/** When a build was made, as far as the listing tells: its own datetime, else a file name's date or a release's publication. */
function whenOf(build: UpstreamBuild): number | undefined {
  return build.datetime ?? build.approxDatetime;
}

function fill(text: string, device: string): string {
  return text.replace(/\{device\}/g, device);
}

async function listBuilds(
  ctx: CheckContext,
  source: WatchSource,
  device: string,
): Promise<UpstreamBuild[]> {
  if (source.kind === 'github-releases') {
    const url = `${ctx.githubApiUrl.replace(/\/+$/, '')}/repos/${source.repository ?? ''}/releases?per_page=30`;
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      ...(ctx.githubToken ? { authorization: `Bearer ${ctx.githubToken}` } : {}),
    };
    return parseGitHubReleases(
      (await ctx.http.getText(url, ctx.limits.maxPageBytes, headers)).text,
      url,
    );
  }
  const url = fill(source.url ?? '', device);
  const body = (await ctx.http.getText(url, ctx.limits.maxPageBytes)).text;
  return source.kind === 'json' ? parseJsonIndex(body, url) : parseDirectoryListing(body, url);
}

/** A build the listing names that cannot be offered: reported under `diagnostic`, the other builds go on. */
class BuildFailure extends Error {
  override name = 'BuildFailure';
  readonly code = 'BUILD_FAILURE';
  constructor(
    readonly diagnostic: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Fills in what the listing lacks from the zip itself; checks the zip against what the listing says. */
async function complete(
  ctx: CheckContext,
  build: UpstreamBuild,
  device: string,
): Promise<UpstreamBuild> {
  let sha256 = build.sha256;
  if (sha256 === undefined && build.sha256Url !== undefined) {
    const said = /\b([0-9a-f]{64})\b/i.exec(
      (await ctx.http.getText(build.sha256Url, 4096)).text,
    )?.[1];
    if (said !== undefined) sha256 = said.toLowerCase();
  }
  const needsZip =
    sha256 === undefined ||
    build.size === undefined ||
    build.os_sdk_level === undefined ||
    build.os_patch_level === undefined ||
    build.datetime === undefined;
  if (!needsZip) return { ...build, sha256 };
  const file = join(ctx.workDir, `ota-${device}-${Math.random().toString(36).slice(2)}.zip`);
  try {
    const got = await ctx.http.download(build.url, file, ctx.limits.maxZipBytes);
    if (sha256 !== undefined && got.sha256 !== sha256)
      throw new BuildFailure(
        'GITOTA622',
        `${build.url} has sha256 ${got.sha256}; its listing says ${sha256}`,
      );
    if (build.size !== undefined && got.size !== build.size)
      throw new BuildFailure(
        'GITOTA622',
        `${build.url} is ${got.size} bytes; its listing says ${build.size}`,
      );
    const read = await readOtaMetadata(file);
    if (!read.ok) throw new BuildFailure('GITOTA623', `${build.url}: ${read.reason}`);
    if (read.values.get('pre-device') === undefined)
      throw new BuildFailure('GITOTA623', `${build.url} names no device (pre-device)`);
    // add-build's rule: the zip wins where it speaks (the Updater believes it), the listing fills the rest.
    const merged = mergeBuildFacts(build.url, read.values, { device });
    const wrong = merged.diagnostics[0];
    if (wrong !== undefined) throw new BuildFailure('GITOTA623', wrong.message);
    const incremental = read.values.get('post-build-incremental');
    return {
      ...build,
      sha256: got.sha256,
      size: got.size,
      ...merged.facts,
      datetime: merged.facts.datetime ?? build.datetime ?? build.approxDatetime,
      ...(incremental ? { incremental } : {}),
    };
  } catch (error) {
    if (error instanceof UpstreamError)
      throw new BuildFailure(UPSTREAM_DIAGNOSTIC[error.code], error.message, { cause: error });
    throw error;
  } finally {
    await rm(file, { force: true });
  }
}

export async function checkDevice(
  ctx: CheckContext,
  content: Content,
  device: Device,
): Promise<TargetOutcome> {
  const base = { kind: 'device' as const, id: device.model };
  const diagnostics: Diagnostic[] = [];
  const known = content.releases.filter((r) => r.device === device.model);
  const knownNames = new Set(known.map((r) => r.filename));
  const knownSha = new Set(known.map((r) => r.sha256));
  const newestKnown = new Map<string, number>();
  for (const r of known)
    newestKnown.set(r.romtype, Math.max(newestKnown.get(r.romtype) ?? 0, r.datetime));
  const texts = new Map<string, string | undefined>();
  const textOf = async (file: string) => {
    if (!texts.has(file))
      texts.set(
        file,
        await readFile(join(content.root, file), 'utf8').catch(whenAbsent(undefined)),
      );
    return texts.get(file);
  };
  const candidates: Array<{ build: UpstreamBuild; romtype: string; from: Source }> = [];
  for (const from of watchSourcesOf(content, device)) {
    const report = async (code: string, message: string) =>
      diagnostics.push(
        diagnosticAt(
          from.file,
          await textOf(from.file),
          from.pointer,
          code,
          'error',
          `${device.model}: ${message}`,
        ),
      );
    let match: RegExp | undefined;
    try {
      match =
        from.source.match === undefined
          ? undefined
          : new RegExp(fill(from.source.match, device.model));
    } catch (error) {
      await report(
        'GITOTA604',
        `watch match ${JSON.stringify(from.source.match)} is not a regular expression: ${(error as Error).message}`,
      );
      continue;
    }
    let builds: UpstreamBuild[];
    try {
      builds = await listBuilds(ctx, from.source, device.model);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      await report(UPSTREAM_DIAGNOSTIC[error.code], error.message);
      continue;
    }
    // A source whose pattern ran out of time on any name gives nothing: the name it
    // could not judge may be the newest build.
    const fromSource: typeof candidates = [];
    let timedOut = false;
    for (const b of builds) {
      let matched: RegExpExecArray | null | undefined;
      try {
        // The pattern is the content's and the name the upstream's: bounded in time.
        matched = match === undefined ? undefined : execWithin(match, b.filename);
      } catch (error) {
        if (!(error instanceof PatternTimeout)) throw error;
        await report('GITOTA618', `watch match: ${error.message} on ${JSON.stringify(b.filename)}`);
        timedOut = true;
        break;
      }
      const named = match
        ? matched !== null
        : b.filename.includes(device.model) && !/incremental/i.test(b.filename);
      if (!named || !/^[A-Za-z0-9_][^/\\\s]*\.zip$/.test(b.filename)) continue;
      const fields = fieldsFromFilename(b.filename, matched);
      const romtype =
        from.source.romtype ?? b.romtype?.toLowerCase() ?? fields.romtype ?? from.channel;
      if (romtype === undefined || !(romtype in content.config.channels)) continue;
      const namedDate = fields.date
        ? Date.UTC(
            Number(fields.date.slice(0, 4)),
            Number(fields.date.slice(4, 6)) - 1,
            Number(fields.date.slice(6, 8)),
          ) / 1000
        : undefined;
      const approx = b.approxDatetime ?? namedDate;
      fromSource.push({
        build: {
          ...b,
          ...((b.version ?? fields.version) ? { version: b.version ?? fields.version } : {}),
          ...(approx !== undefined ? { approxDatetime: approx } : {}),
        },
        romtype,
        from,
      });
    }
    if (!timedOut) candidates.push(...fromSource);
  }
  const fresh = candidates
    .filter(
      (c) =>
        !knownNames.has(c.build.filename) &&
        !(c.build.sha256 !== undefined && knownSha.has(c.build.sha256)),
    )
    .filter((c, i, all) => all.findIndex((o) => o.build.filename === c.build.filename) === i)
    .sort(
      (a, b) =>
        (whenOf(b.build) ?? 0) - (whenOf(a.build) ?? 0) ||
        (a.build.filename < b.build.filename ? -1 : 1),
    );
  const chosen: typeof fresh = [];
  for (const romtype of new Set(fresh.map((c) => c.romtype))) {
    const newest = newestKnown.get(romtype);
    const ofType = fresh.filter((c) => c.romtype === romtype);
    // A first build of a channel: only the newest, not the upstream's whole history.
    chosen.push(
      ...(newest === undefined
        ? ofType.slice(0, 1)
        : ofType.filter((c) => (whenOf(c.build) ?? Infinity) > newest)),
    );
  }
  chosen.sort((a, b) => (whenOf(b.build) ?? 0) - (whenOf(a.build) ?? 0));
  const files = new Map<string, string>();
  const details: string[] = [];
  let key = 0;
  let keyLabel = '';
  for (const c of chosen.slice(0, MAX_NEW_BUILDS)) {
    const report = async (code: string, message: string) =>
      diagnostics.push(
        diagnosticAt(
          c.from.file,
          await textOf(c.from.file),
          c.from.pointer,
          code,
          'error',
          `${device.model}: ${message}`,
        ),
      );
    try {
      const b = await complete(ctx, c.build, device.model);
      const missing = (
        ['version', 'datetime', 'sha256', 'size', 'os_sdk_level', 'os_patch_level'] as const
      ).filter((k) => b[k] === undefined);
      if (missing.length > 0)
        throw new BuildFailure(
          'GITOTA621',
          `${b.filename}: neither the listing nor the zip gives ${missing.join(', ')}`,
        );
      if (!/^\d+\.\d+$/.test(b.version!))
        throw new BuildFailure(
          'GITOTA621',
          `${b.filename}: version ${JSON.stringify(b.version)} is not MAJOR.MINOR`,
        );
      const release: NewRelease = {
        device: device.model,
        version: b.version!,
        romtype: c.romtype,
        datetime: b.datetime!,
        filename: b.filename,
        url: b.url,
        sha256: b.sha256!,
        size: b.size!,
        os_sdk_level: b.os_sdk_level!,
        os_patch_level: b.os_patch_level!,
        ...(b.ota_property_files !== undefined ? { ota_property_files: b.ota_property_files } : {}),
        ...(b.incremental !== undefined ? { incremental: b.incremental } : {}),
      };
      const { path, text } = createReleaseText(deriveReleaseId(b.filename), release);
      files.set(path, text);
      details.push(
        `${b.filename} (${c.romtype}, ${b.version}, built ${new Date(b.datetime! * 1000).toISOString().slice(0, 10)}): ${b.size} bytes, sha256 ${b.sha256}, from ${b.url}.`,
      );
      if (b.datetime! > key) {
        key = b.datetime!;
        keyLabel = b.filename;
      }
    } catch (error) {
      if (error instanceof BuildFailure) await report(error.diagnostic, error.message);
      else if (error instanceof UpstreamError)
        await report(UPSTREAM_DIAGNOSTIC[error.code], error.message);
      else throw error;
    }
  }
  if (files.size === 0) {
    if (diagnostics.length > 0)
      return { ...base, status: 'failed', note: diagnostics[0]?.message ?? 'failed', diagnostics };
    return {
      ...base,
      status: 'up-to-date',
      note: candidates.length === 0 ? 'no builds listed upstream' : 'no newer build upstream',
      diagnostics,
    };
  }
  const n = files.size;
  return {
    ...base,
    status: 'found',
    note: `found ${n} new build${n === 1 ? '' : 's'}, newest ${keyLabel}`,
    diagnostics,
    proposal: {
      kind: 'device',
      id: device.model,
      files,
      title: `Add ${n === 1 ? keyLabel : `${n} builds of ${device.model}, newest ${keyLabel}`}`,
      commitMessage: `Add ${n} build${n === 1 ? '' : 's'} of ${device.model} from upstream`,
      key,
      keyLabel,
      details,
    },
  };
}
