import { describe, expect, it } from 'vitest';
import { readActionInputs, readInput, secretValues } from './action-inputs.js';
import { buildClock, resolveMode } from './run-action.js';

describe('action inputs', () => {
  it('reads inputs the way the runner names them (upper case, hyphens kept) and fills defaults', () => {
    const env = {
      'INPUT_REPO-PATH': ' content ',
      'INPUT_DEV-KEYS': 'true',
      INPUT_MODE: 'publish',
      'INPUT_TARGETS-KEY': 'abc',
      GITOTA_SNAPSHOT_KEY: 'def',
    };
    expect(readInput(env, 'repo-path')).toBe('content');
    const inputs = readActionInputs(env);
    expect(inputs).toMatchObject({
      mode: 'publish',
      repoPath: 'content',
      devKeys: true,
      branch: 'gh-pages',
      apiRetries: 3,
    });
    expect(inputs.keyEnv).toEqual({ GITOTA_TARGETS_KEY: 'abc', GITOTA_SNAPSHOT_KEY: 'def' });
  });

  it('refuses values it cannot mean', () => {
    expect(() => readActionInputs({ INPUT_MODE: 'deploy' })).toThrow(/mode must be one of/);
    expect(() => readActionInputs({ 'INPUT_DEV-KEYS': 'yes' })).toThrow(
      /dev-keys must be true or false/,
    );
    expect(() => readActionInputs({ 'INPUT_API-RETRIES': '-1' })).toThrow(/api-retries/);
    expect(() => buildClock('12.5', () => 0)).toThrow(/whole seconds/);
    expect(buildClock('', () => 42)).toBe(42);
  });

  it('lists every secret to mask, from inputs and environment, but not the public certificate', () => {
    const env = {
      INPUT_TOKEN: 'ghs_x',
      GITHUB_TOKEN: 'ghs_x',
      'INPUT_FDROID-KEY': 'k1',
      GITOTA_TIMESTAMP_KEY: 'k2',
      'INPUT_FDROID-CERTIFICATE': 'public',
    };
    expect(secretValues(env).sort()).toEqual(['ghs_x', 'k1', 'k2']);
  });

  it('picks the mode from the event in auto', () => {
    expect(resolveMode('auto', 'pull_request')).toBe('plan');
    expect(resolveMode('auto', 'merge_group')).toBe('plan');
    expect(resolveMode('auto', 'push')).toBe('publish');
    expect(resolveMode('auto', 'workflow_dispatch')).toBe('publish');
    expect(resolveMode('auto', 'schedule')).toBe('refresh');
    expect(resolveMode('auto', 'issue_comment')).toBe('validate');
    expect(resolveMode('validate', 'push')).toBe('validate');
  });
});
