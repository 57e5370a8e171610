import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkForUpdate } from '../../client/check-update.js';
import { ClientError } from '../../client/errors.js';
import { trustedRootPath } from '../../tuf/layout.js';
import { describeDecision } from './check.js';
import type { OutputFile } from '../../site/output-file.js';
import { startStaticServer } from '../../publish/serve.js';
import { readWallClock } from '../clock.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, type CliIo } from '../io.js';
import { checkOutDir } from '../build-inputs.js';
import { formatBytes } from '../format-bytes.js';
import { runBuild } from '../run-build.js';
import { parsePort, untilInterrupted } from './serve.js';

/** The first path of `files` matching `pattern`, as a URL under `base`. */
function firstUrl(files: readonly OutputFile[], base: string, pattern: RegExp): string | undefined {
  const file = files.find((f) => pattern.test(f.path));
  return file === undefined ? undefined : base + file.path;
}

/** What to point a phone, a device or a browser at, for the files this site actually has. */
export function urlsToTry(files: readonly OutputFile[], base: string): Array<[string, string]> {
  const candidates: Array<[string, RegExp]> = [
    ['human pages', /^index\.html$/],
    ['LineageOS v1 (Java-era app)', /^api\/v1\/(?!types\/)[^/]+\/[^/.]+\.json$/],
    ['LineageOS v2 (v2-era app)', /^api\/v2\/devices\/[^/]+\/builds\.json$/],
    ['gitota manifest', /^v1\/[^/]+\/[^/.]+\.json$/],
    ['TomTom update-locations', /^tomtom\/[^/]+\/update-locations$/],
    ['F-Droid repository', /^fdroid\/repo\/index-v2\.json$/],
    ['Legato pack', /^packs\/[^/]+\.update$/],
    ['TUF root', /^metadata\/1\.root\.json$/],
  ];
  // Readable names only (not the `<sha256>.` copies), and preferably a file that lists a build.
  const nonEmpty = files.filter((f) => f.bytes === undefined || f.bytes.length > 20);
  return candidates.flatMap(([label, pattern]) => {
    const url = firstUrl(nonEmpty, base, pattern) ?? firstUrl(files, base, pattern);
    return url === undefined ? [] : [[label, url] as [string, string]];
  });
}

/**
 * Runs `gitota check` for the first device whose manifest offers a build, as a
 * device would, and prints the decision. A refusal is printed, not fatal: the
 * site stays up to be looked at (an old SOURCE_DATE_EPOCH, say, gives expired metadata).
 */
async function showDeviceCheck(
  io: CliIo,
  files: readonly OutputFile[],
  url: string,
  out: string,
): Promise<void> {
  const manifest = files.find(
    (f) =>
      /^v1\/[^/]+\/[^/.]+\.json$/.test(f.path) &&
      f.bytes !== undefined &&
      /"latest":\s*\{/.test(new TextDecoder().decode(f.bytes)),
  );
  const [, device, channel] = manifest?.path.replace(/\.json$/, '').split('/') ?? [];
  if (device === undefined || channel === undefined) return;
  const root = trustedRootPath(out);
  io.stdout(
    `\nA device's check (gitota check --url ${url} --trusted-root ${root} --device ${device} --channel ${channel}):\n`,
  );
  try {
    const decision = await checkForUpdate({
      url,
      trustedRoot: await readFile(root),
      now: readWallClock(),
      device,
      channel,
    });
    io.stdout(`  ${describeDecision(decision).trimEnd().replace(/\n/g, '\n  ')}\n`);
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    io.stderr(`gitota start: the device check failed: ${error.code}: ${error.message}\n`);
  }
}

export const startCommand: Command = {
  name: 'start',
  summary: 'validate, build and serve the content locally (what npm start runs)',
  usage: `Usage: gitota start [--repo DIR] [--out DIR] [--port N] [--host ADDRESS] [--once]

Validates and builds the content repository into --out with the local server's
URL as base URL, serves it, and prints URLs to try. Serves until Ctrl-C.

  --repo DIR       the content repository (default: .)
  --out DIR        where the site is built (default: DIR/_site)
  --port N         port (default: 8080; 0 picks a free one)
  --host ADDRESS   address to listen on (default: 127.0.0.1)
  --once           exit after printing the URLs (also GITOTA_START_ONCE=1)
`,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs(argv, {
      ...REPO_OPTION,
      out: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      once: { type: 'boolean' },
    });
    const repo = repoDir(values.repo, io);
    const out = values.out !== undefined ? resolve(io.cwd, values.out) : resolve(repo, '_site');
    const once = values.once === true || io.env.GITOTA_START_ONCE === '1';
    // Before the folder is made: a refused --out (.git/..., a tracked folder) is never created or touched.
    if (!(await checkOutDir(io, 'start', out, repo))) return EXIT_FAILURE;
    await mkdir(out, { recursive: true });
    // Listen first: the site's URLs must carry the port actually bound.
    const server = await startStaticServer({
      dir: out,
      port: parsePort(values.port, 8080),
      host: values.host ?? '127.0.0.1',
    });
    try {
      const built = await runBuild(io, { repo, out, baseUrl: server.url, command: 'start' });
      if (!built.ok || built.summary === undefined) return EXIT_FAILURE;
      io.stdout(
        `built ${built.summary.files} files (${formatBytes(built.summary.bytes)}) into ${out}\n`,
      );
      io.stdout(`serving at ${server.url}\n\nTry:\n`);
      const urls = urlsToTry(built.files, server.url);
      const width = Math.max(0, ...urls.map(([label]) => label.length));
      for (const [label, url] of urls) io.stdout(`  ${label.padEnd(width)}  ${url}\n`);
      await showDeviceCheck(io, built.files, server.url, out);
      if (once) return EXIT_OK;
      io.stdout('\nCtrl-C stops.\n');
      await untilInterrupted();
      return EXIT_OK;
    } finally {
      await server.close();
    }
  },
};
