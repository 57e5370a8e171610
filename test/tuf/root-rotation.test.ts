import { generateKeyPairSync } from 'node:crypto';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Updater } from 'tuf-js';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { loadKeyRing } from '../../src/tuf/keys.js';
import { signSite, signSiteDetailed } from '../../src/tuf/sign-site.js';
import { loadTrust } from '../../src/tuf/trust-store.js';
import {
  makeContent,
  makeDevice,
  previousOf,
  serveDir,
  tempDir,
  text,
  writeSite,
} from './support.js';
import { signersOf } from '../../src/tuf/site-signers.js';

const NOW = Math.floor(Date.now() / 1000);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function parseEnvFile(textValue: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of textValue.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) env[m[1]] = m[2];
  }
  return env;
}

async function cli(cwd: string, ...argv: string[]) {
  const io = memoryIo({ cwd, env: { SOURCE_DATE_EPOCH: String(NOW) } });
  const code = await runCli(argv, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('keygen and root rotation', () => {
  it('keygen writes secrets (0600) and a root of trust, prints no secret, and the site verifies; a rotated root is followed by tuf-js', async () => {
    const { dir, cleanup } = await tempDir('rotation');
    cleanups.push(cleanup);
    const repo = join(dir, 'repo');
    await mkdir(repo);
    const keygen = await cli(
      dir,
      'keygen',
      '--out',
      'keys',
      '--repo',
      'repo',
      '--root-keys',
      '3',
      '--threshold',
      '2',
    );
    expect(keygen.err).toBe('');
    expect(keygen.code).toBe(0);
    expect((await stat(join(dir, 'keys/secrets.env'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'keys/root-1.pem'))).mode & 0o777).toBe(0o600);
    const env = parseEnvFile(await readFile(join(dir, 'keys/secrets.env'), 'utf8'));
    expect(Object.keys(env).sort()).toEqual([
      'GITOTA_DELEGATION_KEY',
      'GITOTA_FDROID_CERTIFICATE',
      'GITOTA_FDROID_KEY',
      'GITOTA_MANIFEST_KEY',
      'GITOTA_SNAPSHOT_KEY',
      'GITOTA_TARGETS_KEY',
      'GITOTA_TIMESTAMP_KEY',
    ]);
    for (const [name, value] of Object.entries(env))
      if (name !== 'GITOTA_FDROID_CERTIFICATE')
        expect(keygen.out).not.toContain(value.slice(20, 60));
    expect(keygen.out).toContain('gh secret set -f');
    expect((await cli(dir, 'keygen', '--out', 'keys2', '--repo', 'repo')).code).toBe(1);

    const keys = await loadKeyRing({ repoDir: repo, env });
    expect(keys.dev).toBe(false);
    const content = makeContent(repo, [makeDevice('alpha')], []);
    const files = [text('v1/alpha/nightly.json', '{"v":1}\n')];
    const first = signSite({
      files,
      content,
      signers: signersOf(keys),
      previous: previousOf([]),
      now: NOW,
      trust: await loadTrust(repo),
    });
    const root1 = JSON.parse(
      new TextDecoder().decode(first.find((f) => f.path === 'metadata/1.root.json')?.bytes),
    );
    expect(root1.signed.roles.root.threshold).toBe(2);
    expect(root1.signatures).toHaveLength(3);
    expect(root1.signed.custom).toBeUndefined();

    const site = join(dir, 'site');
    await writeSite(site, first);
    const server = await serveDir(site);
    cleanups.push(server.close);
    const state = join(dir, 'state');
    await mkdir(join(state, 'targets'), { recursive: true });
    await copyFile(join(site, 'metadata/1.root.json'), join(state, 'root.json'));
    const updater = () =>
      new Updater({
        metadataDir: state,
        metadataBaseUrl: `${server.url}metadata`,
        targetDir: join(state, 'targets'),
        targetBaseUrl: server.url,
        config: { fetchRetries: 0 },
      });
    await updater().refresh();

    // Two new root keys, 2-of-2.
    const newKeys = [0, 1].map(() => generateKeyPairSync('ed25519').privateKey);
    for (const [i, key] of newKeys.entries())
      await writeFile(join(dir, `new-${i}.pem`), key.export({ type: 'pkcs8', format: 'pem' }));
    const propose = await cli(
      dir,
      'root',
      'propose',
      '--repo',
      'repo',
      '--root-key',
      'new-0.pem',
      '--root-key',
      'new-1.pem',
      '--threshold',
      '2',
    );
    expect(propose.err).toBe('');
    expect(propose.code).toBe(0);
    expect(
      (await cli(dir, 'root', 'sign', '--repo', 'repo', '--key', 'keys/root-1.pem')).code,
    ).toBe(0);
    expect((await cli(dir, 'root', 'sign', '--repo', 'repo', '--key', 'new-0.pem')).code).toBe(0);
    expect((await cli(dir, 'root', 'sign', '--repo', 'repo', '--key', 'new-1.pem')).out).toContain(
      'waiting: 1 of 2 signatures by the previous root',
    );
    // Not enough of the old threshold yet: nothing new is published.
    const waiting = signSiteDetailed({
      files,
      content,
      signers: signersOf(keys),
      previous: previousOf(first),
      now: NOW + 60,
      trust: await loadTrust(repo),
    });
    expect(waiting.files.map((f) => f.path)).not.toContain('metadata/2.root.json');
    expect(waiting.roots.pending?.state).toBe('waiting');

    const lastSign = await cli(dir, 'root', 'sign', '--repo', 'repo', '--key', 'keys/root-3.pem');
    expect(lastSign.out).toContain('ready to publish');
    const rotated = signSiteDetailed({
      files,
      content,
      signers: signersOf(keys),
      previous: previousOf(first),
      now: NOW + 120,
      trust: await loadTrust(repo),
    });
    expect(rotated.changedRoles).toContain('root');
    const paths = rotated.files.map((f) => f.path);
    expect(paths).toContain('metadata/1.root.json');
    expect(paths).toContain('metadata/2.root.json');
    await writeSite(site, rotated.files);
    await updater().refresh();
    const trusted = JSON.parse(await readFile(join(state, 'root.json'), 'utf8'));
    expect(trusted.signed.version).toBe(2);
    expect(trusted.signed.roles.root.threshold).toBe(2);

    // The next proposal promotes the published root into trust/roots/ and starts from it.
    const next = await cli(dir, 'root', 'propose', '--repo', 'repo');
    expect(next.out).toContain('promoted');
    expect((await loadTrust(repo)).roots.map((r) => r.envelope.signed.version)).toEqual([1, 2]);
    expect((await loadTrust(repo)).pending?.signed.version).toBe(3);
  });

  it('refuses online keys that root does not name', async () => {
    const { dir, cleanup } = await tempDir('mismatch');
    cleanups.push(cleanup);
    await mkdir(join(dir, 'repo'));
    expect((await cli(dir, 'keygen', '--out', 'keys', '--repo', 'repo')).code).toBe(0);
    const devKeys = await loadKeyRing({ repoDir: join(dir, 'repo'), env: {} });
    const content = makeContent(join(dir, 'repo'), [], []);
    expect(() =>
      signSite({
        files: [],
        content,
        signers: signersOf(devKeys),
        previous: previousOf([]),
        now: NOW,
        trust: { roots: [] },
      }),
    ).not.toThrow();
    const trust = await loadTrust(join(dir, 'repo'));
    expect(() =>
      signSite({
        files: [],
        content,
        signers: signersOf(devKeys),
        previous: previousOf([]),
        now: NOW,
        trust,
      }),
    ).toThrow(/targets key in the environment/);
  });
});
