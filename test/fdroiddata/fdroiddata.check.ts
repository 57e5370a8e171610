/**
 * `npm run check:fdroiddata`: every metadata file of a whole fdroiddata checkout
 * imports and validates with no error, and a sample is compared with Debian's
 * `fdroid lint`. Not part of `npm test`: the checkout (6,535 files) is not in
 * the repository. GITOTA_FDROIDDATA names it (default /work/fdroiddata); when it
 * is absent the tests skip and say why, and with CI=true the skip fails the run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const CHECKOUT = process.env.GITOTA_FDROIDDATA ?? '/work/fdroiddata';
const METADATA = join(CHECKOUT, 'metadata');
const present = existsSync(METADATA);
const ABSENT = `no fdroiddata checkout at ${METADATA} (set GITOTA_FDROIDDATA to a checkout of fdroiddata)`;
/** The files whose values the issue quotes, plus every 500th file. */
const QUOTED = [
  'app.michaelwuensch.bitbanana',
  'com.andybotting.tramhunter',
  'com.codebutler.farebot',
  'com.gmail.charleszq',
  'com.noxplay.noxplayer',
  'com.zoffcc.applications.zanavi',
  'de.grobox.blitzmail',
  'de.k3b.android.androFotoFinder',
  'dev.kerballone.spamblocker',
  'net.codechunk.speedofsound',
  'org.crazydan.studio.app.ime.kuaizi',
  'org.odk.collect.android',
  'org.opengpx',
];

describe('a whole fdroiddata checkout', () => {
  let repo: string;
  let stderr = '';
  let files: string[] = [];
  beforeAll(async () => {
    if (!present) return;
    files = readdirSync(METADATA)
      .filter((f) => f.endsWith('.yml'))
      .sort();
    repo = await mkdtemp(join(tmpdir(), 'gitota-fdroiddata-'));
    await writeFile(
      join(repo, 'gitota.yaml'),
      'site: {base_url: "https://ota.example.org/", title: fdroiddata}\nchannels: {nightly: {}}\n',
    );
    const io = memoryIo({ cwd: repo });
    await runCli(['import', 'fdroid-metadata', METADATA, '--repo', repo], io);
    stderr = io.err.join('');
  }, 600_000);
  afterAll(async () => {
    if (repo) await rm(repo, { recursive: true, force: true });
  });

  it('imports every metadata file with 0 errors, and counts the warnings by code', (ctx) => {
    if (!present) ctx.skip(ABSENT);
    const diagnostics = parseTextDiagnostics(stderr);
    const byCode = new Map<string, number>();
    for (const d of diagnostics)
      byCode.set(`${d.severity} ${d.code}`, (byCode.get(`${d.severity} ${d.code}`) ?? 0) + 1);
    process.stdout.write(
      `fdroiddata: ${files.length} files; ${[...byCode].map(([k, n]) => `${n} × ${k}`).join(', ') || 'no findings'}\n`,
    );
    if (CHECKOUT === '/work/fdroiddata') expect(files).toHaveLength(6535);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it("is compared with Debian's fdroid lint on a sample: no gitota error where lint reads the file", async (ctx) => {
    if (!present) ctx.skip(ABSENT);
    const fdroid = spawnSync('sh', ['-c', 'command -v fdroid'], { encoding: 'utf8' }).stdout.trim();
    if (!fdroid) ctx.skip('fdroidserver is not installed (npm run pretest installs it as root)');
    const sample = [
      ...new Set([...QUOTED.map((id) => `${id}.yml`), ...files.filter((_, i) => i % 500 === 0)]),
    ].filter((f) => files.includes(f));
    const work = await mkdtemp(join(tmpdir(), 'gitota-fdroid-lint-'));
    try {
      await mkdir(join(work, 'metadata'));
      for (const file of sample) await cp(join(METADATA, file), join(work, 'metadata', file));
      await writeFile(join(work, 'config.yml'), 'repo_url: https://example.org/fdroid/repo\n');
      // -W warn: Debian's fdroidserver (2.2) predates some of fdroiddata's forms and would stop at the first.
      const lint = spawnSync(fdroid, ['lint', '-W', 'warn'], {
        cwd: work,
        encoding: 'utf8',
        timeout: 300_000,
      });
      const output = `${lint.stdout}\n${lint.stderr}`;
      const gitota = parseTextDiagnostics(stderr);
      const rows: string[] = [];
      for (const file of sample) {
        const id = file.slice(0, -'.yml'.length);
        const lintLines = output
          .split('\n')
          .filter((line) => line.startsWith(`${id}: `) || line.includes(` in ${id}.`)).length;
        const ours = gitota.filter((d) => d.file === `apps/${file}`);
        rows.push(
          `${id}: fdroid lint ${lintLines} warnings; gitota ${ours.filter((d) => d.severity === 'error').length} errors, ${ours.length} findings (${ours.map((d) => d.code).join(' ') || '-'})`,
        );
        expect(
          ours.filter((d) => d.severity === 'error'),
          id,
        ).toEqual([]);
      }
      process.stdout.write(
        `fdroid lint (Debian ${debianVersion()}) vs gitota on ${sample.length} files:\n${rows.join('\n')}\n`,
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 600_000);
});

/** The compiler-style lines the CLI prints: `path:line:col: severity CODE message`. */
function parseTextDiagnostics(
  text: string,
): Array<{ file: string; severity: string; code: string }> {
  return [...text.matchAll(/^(.+?):\d+:\d+: (error|warning) (GITOTA\d+) /gm)].map((m) => ({
    file: m[1]!,
    severity: m[2]!,
    code: m[3]!,
  }));
}

function debianVersion(): string {
  return (
    spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'fdroidserver'], {
      encoding: 'utf8',
    }).stdout.trim() || 'unknown'
  );
}
