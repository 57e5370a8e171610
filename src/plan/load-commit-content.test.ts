import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCommitContent } from './load-commit-content.js';

const CONFIG =
  'site: {base_url: "https://ota.example/", title: T}\nchannels: {stable: {approvals: 0}}\n';
const temps: string[] = [];

async function commitFiles(files: Record<string, string>): Promise<{ repo: string; head: string }> {
  const repo = await mkdtemp(join(tmpdir(), 'gitota-commit-content-'));
  temps.push(repo);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), text);
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'content');
  return { repo, head: git('rev-parse', 'HEAD') };
}

afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

describe('loadCommitContent', () => {
  it('reads a commit as validate reads the work tree: the YAML limits of its gitota.yaml, and one meaning per line', async () => {
    const { repo, head } = await commitFiles({
      'gitota.yaml': CONFIG + 'limits: {max_yaml_keys_per_mapping: 3}\n',
      'devices/wide.yaml': 'model: wide\noem: b\nname: c\nhas_recovery: true\n',
      'devices/alias.yaml': 'model: alias\nname: &k model\n*k : other\n',
      'devices/fine.yaml': 'model: fine\noem: b\nname: c\n',
    });
    const loaded = await loadCommitContent(repo, head);
    expect(
      loaded.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`).sort(),
    ).toEqual([
      'devices/alias.yaml:2:7 GITOTA030',
      'devices/alias.yaml:3:1 GITOTA031',
      'devices/wide.yaml:1:1 GITOTA037',
    ]);
    expect(loaded.content.devices.map((d) => d.model)).toEqual(['fine']);
  });
});
