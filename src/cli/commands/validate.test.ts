import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryIo } from '../io.js';
import { runCli } from '../main.js';

const CONFIG =
  'site:\n  base_url: https://ota.example.org/\n  title: Test\nchannels:\n  stable:\n    approvals: 0\n';
const DEVICE = 'model: bacon\noem: OnePlus\nname: One\n';
const temps: string[] = [];

async function repo(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gitota-cli-validate-'));
  temps.push(root);
  for (const [path, body] of Object.entries({ 'gitota.yaml': CONFIG, ...files })) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), body);
  }
  return root;
}

afterEach(async () => {
  await Promise.all(temps.splice(0).map((t) => rm(t, { recursive: true, force: true })));
});

async function run(
  args: string[],
  cwd: string,
  env: Record<string, string> = { SOURCE_DATE_EPOCH: '1700000000' },
) {
  const io = memoryIo({ cwd, env });
  const code = await runCli(['validate', ...args], io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('gitota validate', () => {
  it('exits 0 on clean content and prints the summary', async () => {
    const root = await repo({ 'devices/bacon.yaml': DEVICE });
    const r = await run([], root);
    expect(r.out).toBe('0 errors, 0 warnings in 2 files\n');
    expect(r.code).toBe(0);
  });

  it('exits 1 on errors, printing them like a compiler', async () => {
    const root = await repo({
      'devices/bacon.yaml': DEVICE + 'colour: red\n',
      'devices/x.yml': DEVICE,
    });
    const r = await run(['--repo', root], tmpdir());
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe(
      'devices/bacon.yaml:4:1: error GITOTA050 unknown key `colour` in a device file',
    );
    expect(r.out).toContain('devices/x.yml:1:1: error GITOTA012 ');
    expect(r.out).toContain('\n    hint: rename it to x.yaml\n');
    expect(r.out.endsWith('2 errors, 0 warnings in 2 files\n')).toBe(true);
  });

  it('exits 0 with warnings only', async () => {
    const root = await repo({
      'apps/org.example/versions.yaml': 'versions: []\n',
      'apps/org.example.yml': 'CurrentVersion: 1.10\n',
    });
    const r = await run(['--format', 'json'], root);
    const parsed = JSON.parse(r.out) as { diagnostics: Array<{ code: string; severity: string }> };
    // Other rules may warn too; the numeric version warning must be there and nothing may be an error.
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(parsed.diagnostics.some((d) => d.code === 'GITOTA011')).toBe(true);
    expect(r.code).toBe(0);
  });

  it('limits output to the PATHs given, relative to the working directory', async () => {
    const root = await repo({
      'devices/a.yaml': DEVICE + 'x: 1\n',
      'devices/b.yaml': DEVICE + 'y: 1\n',
    });
    const r = await run(['--repo', root, 'b.yaml'], join(root, 'devices'));
    expect(r.out.split('\n')[0]).toBe(
      'devices/b.yaml:4:1: error GITOTA050 unknown key `y` in a device file',
    );
    expect(r.out.endsWith('1 error, 0 warnings in 3 files\n')).toBe(true);
    expect(r.out).not.toContain('devices/a.yaml');
    expect(r.code).toBe(1);
  });

  it('writes GitHub annotations with --format github', async () => {
    const root = await repo({ 'devices/bacon.yaml': DEVICE + 'colour: red\n' });
    const r = await run(['--format', 'github'], root);
    expect(r.out.split('\n')[0]).toMatch(
      /^::error file=devices\/bacon.yaml,line=4,col=1,title=Unknown key::GITOTA050 unknown key `colour` in a device file%0Ahint: /,
    );
  });

  it('prints files, ms and files/s to stderr with --stats', async () => {
    const root = await repo({ 'devices/bacon.yaml': DEVICE });
    const r = await run(['--stats'], root);
    expect(r.err).toMatch(
      /^2 files in \d+ ms \(\d+ files\/s\)\n2 read and checked, the rest from the content index\n$/,
    );
  });

  it('exits 2 for usage errors', async () => {
    const root = await repo({});
    expect((await run(['--format', 'xml'], root)).code).toBe(2);
    expect((await run(['--bogus'], root)).code).toBe(2);
    expect((await run(['/elsewhere'], root)).code).toBe(2);
    expect((await run([], root, { SOURCE_DATE_EPOCH: 'yesterday' })).code).toBe(2);
  });
});
