import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeZip } from '../../src/fdroid/zip-writer.js';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import { PROJECT_ROOT } from '../commands/example-repo.js';
import { downloadWithFdroidserver } from '../fdroid/fdroidserver.js';
import { parseStepOutputs, pullRequestEvent } from '../support/action-events.js';
import {
  createGitHubState,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../support/github-api.js';
import { hasFdroidserver, skipWithout } from '../support/tools.js';
import { packAndInstall, run, runAsync, type PackedGitota } from './packed-package.js';

/**
 * A new team's whole journey, outside gitota's tree and from the packed
 * tarball: `gitota init` → keygen → a pull request (a device, a build through
 * `add-build`, an app version) checked by the bundled action on a recorded
 * pull_request event → merge → the action publishes to a bare remote → a device
 * verifies and decides through `gitota check` → fdroidserver reads the F-Droid
 * repository. The action runs from a copy of action.yml and dist/ alone, as
 * `uses: OWNER/gitota@vN` fetches it: no node_modules, no package.json, no source.
 */

const REPOSITORY = 'example/fleet';
const TOKEN = 'ghs_journeyTokenThatMustNeverBePrinted';
// The build clock is the wall clock: tuf-js checks expiry against the system's.
const EPOCH = String(Math.floor(Date.now() / 1000));

let work: string;
let packed: PackedGitota;
let github: GitHubStandIn;
let site: StaticServer | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gitota-journey-'));
  packed = await packAndInstall(work);
  github = await startGitHubStandIn(createGitHubState(REPOSITORY));
  github.state.token = TOKEN;
}, 600_000);
afterAll(async () => {
  await site?.close();
  await github?.close();
  await rm(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds the CLI, the library and its types, the schemas and the starter content; no tests, sources, examples or action bundle', () => {
    const paths = packed.files.map((f) => f.path);
    for (const needed of [
      'package.json',
      'README.md',
      'bin/gitota.js',
      'lib/cli/main.js',
      'lib/index.js',
      'lib/client/index.js',
      'types/index.d.ts',
      'types/client/index.d.ts',
    ])
      expect(paths).toContain(needed);
    for (const name of [
      'app',
      'app-versions',
      'device',
      'gitota',
      'gitota-manifest',
      'pack',
      'package-list',
      'release',
      'update-locations',
    ])
      expect(paths).toContain(`schemas/${name}.schema.json`);
    for (const kind of ['lineage', 'fdroid', 'tomtom', 'legato'])
      expect(paths.some((p) => p.startsWith(`templates/init/${kind}/`))).toBe(true);
    const allowed =
      /^(package\.json|README\.md|bin\/gitota\.js|lib\/.+\.js|types\/.+\.d\.ts|schemas\/[a-z-]+\.schema\.json|templates\/init\/(lineage|fdroid|tomtom|legato)\/.+)$/;
    expect(paths.filter((p) => !allowed.test(p))).toEqual([]);
    // Nothing of the tests, the sources, the example content, the action or the tooling.
    expect(
      paths.filter((p) =>
        /(^|\/)(test|src|scripts|dist|bench|docs|\.github|node_modules)\/|\.test\.|^(gitota\.yaml|devices|releases|apps|files|packs|package-lists|update-locations|trust)(\/|$)/.test(
          p,
        ),
      ),
    ).toEqual([]);
    expect(packed.files.find((f) => f.path === 'bin/gitota.js')?.mode ?? 0).toBeGreaterThanOrEqual(
      0o755,
    );
    expect(
      packed.files.find(
        (f) => f.path === 'templates/init/legato/packs/hello-world/staging/bin/helloWorld',
      )?.mode ?? 0,
    ).toBeGreaterThanOrEqual(0o755);
  });

  it('npx gitota works in an empty folder: --version says the version, help lists init', async () => {
    const version = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8'))
      .version as string;
    const npx = run('npx', ['--offline', '--no-install', 'gitota', '--version'], packed.app);
    expect(npx.stderr).toBe('');
    expect(npx.stdout).toBe(`${version}\n`);
    expect(run('npx', ['--offline', '--no-install', 'gitota', 'help'], packed.app).stdout).toMatch(
      /^ {2}init +start a new content repository/m,
    );
  });

  it('gitota/client imports, and its type declarations type-check a device program (and refuse a wrong one)', async () => {
    const imported = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const c = await import('gitota/client'); console.log(typeof c.checkForUpdate, typeof c.chooseUpdate)",
      ],
      packed.app,
    );
    expect(imported.stdout, imported.stderr).toBe('function function\n');
    const tsc = join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc');
    await writeFile(
      join(packed.app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          typeRoots: [join(PROJECT_ROOT, 'node_modules/@types')],
          types: ['node'],
        },
        files: ['device.ts'],
      }),
    );
    await writeFile(
      join(packed.app, 'device.ts'),
      "import { checkForUpdate, type CheckResult } from 'gitota/client';\nexport async function poll(): Promise<CheckResult> {\n  return checkForUpdate({ url: 'https://ota.example.org/', trustedRoot: new Uint8Array(), device: 'example', channel: 'nightly', now: 0 });\n}\n",
    );
    const good = run(process.execPath, [tsc, '-p', '.'], packed.app);
    expect(good.status, good.stdout).toBe(0);
    await writeFile(
      join(packed.app, 'device.ts'),
      "import { checkForUpdate } from 'gitota/client';\nconst wrong: number = checkForUpdate;\nexport { wrong };\n",
    );
    const bad = run(process.execPath, [tsc, '-p', '.'], packed.app);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/device\.ts\(2,7\): error TS2322/);
  });
});

describe('a new content repository, start to finish', () => {
  it('init → keygen → pull request (device, add-build, app version) → the bundled action → publish → gitota check → fdroidserver', async (ctx) => {
    skipWithout(ctx, hasFdroidserver(), 'fdroidserver');
    const fleet = join(work, 'fleet');
    const gitota = (args: string[], cwd = fleet) =>
      run(packed.bin, args, cwd, { SOURCE_DATE_EPOCH: EPOCH });
    const git = (...args: string[]) => {
      const result = run(
        'git',
        [
          '-c',
          'user.name=Dave',
          '-c',
          'user.email=dave@example.org',
          '-c',
          'init.defaultBranch=main',
          ...args,
        ],
        fleet,
      );
      if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
      return result.stdout.trim();
    };

    // init, in an empty folder, from the installed package.
    const init = gitota(['init', fleet, '--github-repository', REPOSITORY], work);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toContain('Next:');
    expect(gitota(['validate']).status).toBe(0);
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'Start with gitota');

    // keygen: real keys, the public root committed, the private ones for the release environment's secrets.
    const keys = join(work, 'keys');
    const keygen = gitota(['keygen', '--out', keys]);
    expect(keygen.status, keygen.stderr).toBe(0);
    const fingerprint = /F-Droid repository fingerprint: ([0-9A-F]{64})/.exec(keygen.stdout)?.[1];
    expect(fingerprint).toBeDefined();
    const secrets = Object.fromEntries(
      (await readFile(join(keys, 'secrets.env'), 'utf8'))
        .split('\n')
        .filter((l) => /^GITOTA_[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    git('add', 'trust');
    git('commit', '-q', '-m', 'Root of trust');
    const remote = join(work, 'fleet.git');
    run('git', ['init', '-q', '--bare', remote], work);
    git('remote', 'add', 'origin', remote);
    git('push', '-q', 'origin', 'main');
    const base = git('rev-parse', 'HEAD');

    // The pull request: a device, its build through add-build, and a new version of the example app.
    git('checkout', '-q', '-b', 'second-device');
    await writeFile(
      join(fleet, 'devices/second.yaml'),
      '# yaml-language-server: $schema=../schemas/device.schema.json\nmodel: second\noemm: Example\nname: Second Phone\nhas_recovery: true\n',
    );
    const zip = 'lineage-22.1-20250301-nightly-second-signed.zip';
    await mkdir(join(fleet, 'files/second'), { recursive: true });
    await writeFile(join(fleet, 'files/second', zip), standInOtaZip('second', 1740801600));
    const addBuild = gitota([
      'add-build',
      '-f',
      zip,
      '-d',
      'second',
      '-v',
      '22.1',
      '-t',
      '2025-03-01 04:00:00',
      '-r',
      'nightly',
      '--path',
      `files/second/${zip}`,
      '--os-sdk-level',
      '35',
      '--os-patch-level',
      '2025-02-05',
      '--changelog',
      'The second device.',
    ]);
    // The misspelt device key is already an error, but not one this build brings: the build is added.
    expect(addBuild.status, addBuild.stderr).toBe(0);
    expect(addBuild.stdout).toBe(`added releases/second/${zip.replace(/\.zip$/, '')}.yaml\n`);
    await addAppVersion(fleet);
    git('add', '-A');
    git('commit', '-q', '-m', 'Second device, its first build, notes 1.1.0');

    const action = join(work, 'actions/gitota');
    await mkdir(join(action, 'dist'), { recursive: true });
    await copyFile(join(PROJECT_ROOT, 'action.yml'), join(action, 'action.yml'));
    await copyFile(join(PROJECT_ROOT, 'dist/index.js'), join(action, 'dist/index.js'));
    const runAction = (eventName: string, event: unknown, inputs: Record<string, string>) =>
      runBundledAction(action, fleet, work, eventName, event, inputs);

    // The bundled action on the pull request: the misspelt key is an annotation on its line, and the check fails.
    const broken = await runAction(
      'pull_request',
      pullRequestEvent(REPOSITORY, 1, base, git('rev-parse', 'HEAD')),
      { mode: 'auto' },
    );
    expect(broken.code, broken.stdout).toBe(1);
    expect(broken.stdout).toMatch(
      /^::error file=devices\/second\.yaml,line=3,col=1,title=Unknown key::GITOTA050 unknown key `oemm`/m,
    );
    expect(broken.stdout.split(TOKEN)).toHaveLength(2); // once, in ::add-mask::
    await writeFile(
      join(fleet, 'devices/second.yaml'),
      (await readFile(join(fleet, 'devices/second.yaml'), 'utf8')).replace('oemm:', 'oem:'),
    );
    git('commit', '-q', '-am', 'Fix the key');
    const head = git('rev-parse', 'HEAD');
    github.state.comments = new Map();
    const checked = await runAction('pull_request', pullRequestEvent(REPOSITORY, 1, base, head), {
      mode: 'auto',
    });
    expect(checked.code, checked.stdout).toBe(0);
    expect(checked.stdout).not.toMatch(/^::(error|warning)/m);
    expect(checked.summary).toContain('## gitota plan');
    expect(checked.summary).toContain('lineage-22.1-20250301-nightly-second-signed');
    expect(checked.summary).toContain('second');
    expect(checked.summary).toContain('org.gitota.example.notes');
    const comment = github.state.comments.get(1)?.[0]?.body ?? '';
    expect(comment.startsWith('<!-- gitota-plan -->')).toBe(true);

    // Merged; the action publishes on the push, signing with the keys from keygen.
    git('checkout', '-q', 'main');
    git('merge', '-q', '--no-ff', '-m', 'Merge pull request #1', 'second-device');
    git('push', '-q', 'origin', 'main');
    const keyInputs = Object.fromEntries(
      Object.entries(secrets).map(([name, value]) => [
        name
          .replace(/^GITOTA_/, '')
          .toLowerCase()
          .replace(/_/g, '-'),
        value,
      ]),
    );
    const published = await runAction(
      'push',
      { ref: 'refs/heads/main', before: base, after: git('rev-parse', 'HEAD') },
      { mode: 'auto', branch: 'gh-pages', ...keyInputs },
    );
    expect(published.code, published.stdout).toBe(0);
    expect(published.outputs.get('site-url')).toBe('https://example.github.io/fleet/');
    expect(published.outputs.get('held-releases')).toBe('');
    for (const value of Object.values(secrets))
      expect(published.stdout.split(value).length).toBeLessThanOrEqual(2);
    expect(published.stdout).not.toContain('DEVELOPMENT');

    // A device: the published branch served on 127.0.0.1, verified through TUF from the committed root.
    const served = join(work, 'served');
    await mkdir(served);
    const archive = run(
      'sh',
      ['-c', `git --git-dir "${remote}" archive gh-pages | tar -x -C "${served}"`],
      work,
    );
    expect(archive.status, archive.stderr).toBe(0);
    site = await startStaticServer({ dir: served, port: 0, host: '127.0.0.1' });
    const check = await runAsync(
      packed.bin,
      [
        'check',
        '--url',
        site.url,
        '--trusted-root',
        join(fleet, 'trust/roots/1.root.json'),
        '--device',
        'second',
        '--channel',
        'nightly',
        '--current-time',
        EPOCH,
        '--json',
      ],
      work,
    );
    expect(check.status, check.stderr).toBe(0);
    const decision = JSON.parse(check.stdout) as {
      action: string;
      build: { id: string; version: string };
    };
    expect(decision.action).toBe('update');
    expect(decision.build).toMatchObject({
      id: 'lineage-22.1-20250301-nightly-second-signed',
      version: '22.1',
    });

    // F-Droid's own tools read the repository and find both versions of the app.
    const fdroid = await downloadWithFdroidserver(
      'v2',
      `${site.url}fdroid/repo?fingerprint=${fingerprint}`,
    );
    expect(fdroid.ok, JSON.stringify(fdroid)).toBe(true);
    const packages = (
      fdroid as unknown as {
        index: {
          packages: Record<
            string,
            { versions: Record<string, { manifest: { versionCode: number } }> }
          >;
        };
      }
    ).index.packages;
    expect(
      Object.values(packages['org.gitota.example.notes']?.versions ?? {})
        .map((v) => v.manifest.versionCode)
        .sort(),
    ).toEqual([1, 2]);
  });
});

/** A stand-in OTA zip with the metadata the Updater reads (what a build of `device` at `datetime` carries). */
function standInOtaZip(device: string, datetime: number): Uint8Array {
  const incremental = `eng.lineag.${new Date(datetime * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 8)}.040000`;
  const metadata = [
    'ota-required-cache=0',
    'ota-type=AB',
    `post-build=example/lineage_${device}/${device}:15/${incremental}:user/release-keys`,
    `post-build-incremental=${incremental}`,
    'post-sdk-level=35',
    'post-security-patch-level=2025-02-05',
    `post-timestamp=${datetime}`,
    `pre-device=${device}`,
  ].join('\n');
  return writeZip([
    { name: 'META-INF/com/android/metadata', data: Buffer.from(`${metadata}\n`), method: 'store' },
    {
      name: 'README.txt',
      data: Buffer.from('A stand-in for an OTA package, made by the journey test.\n'),
    },
  ]);
}

/** The second version of the example app: the APK of gitota's example content, its entry in versions.yaml, and the app's current version. */
async function addAppVersion(fleet: string): Promise<void> {
  const apk = await readFile(join(PROJECT_ROOT, 'files/apps/org.gitota.example.notes_2.apk'));
  await cp(
    join(PROJECT_ROOT, 'files/apps/org.gitota.example.notes_2.apk'),
    join(fleet, 'files/apps/org.gitota.example.notes_2.apk'),
  );
  const versions = join(fleet, 'apps/org.gitota.example.notes/versions.yaml');
  await writeFile(
    versions,
    `${await readFile(versions, 'utf8')}  - versionCode: 2\n    versionName: 1.1.0\n    apkName: org.gitota.example.notes_2.apk\n    path: files/apps/org.gitota.example.notes_2.apk\n    sha256: ${createHash('sha256').update(apk).digest('hex')}\n    size: ${apk.length}\n    minSdkVersion: 21\n    targetSdkVersion: 34\n    signer: 4386f3b527c4a80726ac1823c5f2c611838a7275cf9ee043af33d26596668519\n    added: 1740787200\n`,
  );
  const app = join(fleet, 'apps/org.gitota.example.notes.yml');
  const text = await readFile(app, 'utf8');
  await writeFile(
    app,
    text
      .replace(
        '      - yes\n\nAutoUpdateMode',
        '      - yes\n\n  - versionName: 1.1.0\n    versionCode: 2\n    commit: v1.1.0\n    subdir: app\n    gradle:\n      - yes\n\nAutoUpdateMode',
      )
      .replace(
        'CurrentVersion: 1.0.0\nCurrentVersionCode: 1',
        'CurrentVersion: 1.1.0\nCurrentVersionCode: 2',
      ),
  );
}

interface ActionRun {
  code: number | null;
  stdout: string;
  summary: string;
  outputs: Map<string, string>;
}

/** `node <action>/dist/index.js` as the runner starts a node24 action: inputs as INPUT_*, the event on disk, nothing of gitota's tree in reach. */
async function runBundledAction(
  action: string,
  workspace: string,
  work: string,
  eventName: string,
  event: unknown,
  inputs: Record<string, string>,
): Promise<ActionRun> {
  const dir = await mkdtemp(join(work, 'run-'));
  const files = {
    event: join(dir, 'event.json'),
    summary: join(dir, 'summary.md'),
    output: join(dir, 'output'),
  };
  await writeFile(files.event, JSON.stringify(event, null, 2));
  await writeFile(files.summary, '');
  await writeFile(files.output, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_ACTION_PATH: action,
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_WORKSPACE: workspace,
    GITHUB_SHA: run('git', ['rev-parse', 'HEAD'], workspace).stdout.trim(),
    GITHUB_REF: eventName === 'push' ? 'refs/heads/main' : 'refs/pull/1/merge',
    SOURCE_DATE_EPOCH: EPOCH,
    ...Object.fromEntries(
      Object.entries({ token: TOKEN, ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
    ),
  };
  const child = spawn(process.execPath, [join(action, 'dist/index.js')], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => out.push(c));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    summary: await readFile(files.summary, 'utf8'),
    outputs: parseStepOutputs(await readFile(files.output, 'utf8')),
  };
}
