import { describe, expect, it } from 'vitest';
import { checkRepoPath, resolveRepoPath } from './resolve-repo-path.js';

describe('resolveRepoPath', () => {
  it('joins a plain relative path onto the root', () => {
    expect(resolveRepoPath('/repo', 'files/bacon/ota.zip')).toEqual({ ok: true, absolute: '/repo/files/bacon/ota.zip' });
  });

  it.each([
    ['', 'empty'],
    ['../etc/passwd', '`..`'],
    ['files/../../x', '`..`'],
    ['files/..', '`..`'],
    ['./files/x', '`.` segment'],
    ['/etc/passwd', 'absolute'],
    ['files\\x.zip', 'backslash'],
    ['files/x\0.zip', 'NUL'],
    ['files//x.zip', 'empty segment'],
    ['files/', 'empty segment'],
    ['C:/x', 'drive letter'],
  ])('refuses %j (%s)', (path, why) => {
    const result = resolveRepoPath('/repo', path);
    expect(result.ok).toBe(false);
    expect(checkRepoPath(path)).toContain(why);
  });

  it('allows names that merely contain dots', () => {
    expect(checkRepoPath('files/..hidden/a..b/.well-known')).toBeUndefined();
  });
});
