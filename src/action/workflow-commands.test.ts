import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunnerReporter, formatCommand, formatFileCommand } from './workflow-commands.js';

describe('workflow commands', () => {
  it('escapes data and properties exactly as the runner unescapes them', () => {
    expect(formatCommand('warning', { title: 'a:b,c%' }, '50% done\r\nnext')).toBe(
      '::warning title=a%3Ab%2Cc%25::50%25 done%0D%0Anext',
    );
    expect(formatCommand('add-mask', {}, 's3cr3t')).toBe('::add-mask::s3cr3t');
  });

  it('writes multi-line outputs with a delimiter that cannot occur in the value', () => {
    expect(formatFileCommand('changed-files', 'a\nb', 'EOF_X')).toBe(
      'changed-files<<EOF_X\na\nb\nEOF_X\n',
    );
    expect(() => formatFileCommand('x', 'has EOF_X inside', 'EOF_X')).toThrow(/delimiter/);
    expect(formatFileCommand('x', '')).toMatch(
      /^x<<ghadelimiter_[0-9a-f-]{36}\n\nghadelimiter_[0-9a-f-]{36}\n$/,
    );
  });

  it('masks each line of a secret, and appends outputs and the summary to the runner files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gitota-wc-'));
    try {
      const out: string[] = [];
      const reporter = createRunnerReporter((t) => out.push(t), {
        outputFile: join(dir, 'out'),
        summaryFile: join(dir, 'summary'),
      });
      reporter.mask('-----BEGIN KEY-----\nAAAA\n');
      reporter.output('site-url', 'https://ota.example.org/');
      reporter.output('held-releases', 'releases/a.yaml\nreleases/b.yaml');
      reporter.summary('# Title');
      reporter.summary('more\n');
      expect(out.join('')).toBe('::add-mask::-----BEGIN KEY-----\n::add-mask::AAAA\n');
      const outputs = await readFile(join(dir, 'out'), 'utf8');
      expect(outputs).toMatch(
        /^site-url<<(ghadelimiter_\S+)\nhttps:\/\/ota\.example\.org\/\n\1\nheld-releases<<(ghadelimiter_\S+)\nreleases\/a\.yaml\nreleases\/b\.yaml\n\2\n$/,
      );
      expect(await readFile(join(dir, 'summary'), 'utf8')).toBe('# Title\nmore\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
