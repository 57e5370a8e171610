import { describe, expect, it } from 'vitest';
import type { RepoFiles } from '../../load/source-file.js';
import type { Content, PackSpec } from '../../model/types.js';
import { packLegatoLimits } from './pack-legato-limits.js';
import type { RuleContext } from './rule.js';

/** In-memory payload sizes: the second RepoFiles implementation. */
function repoFiles(sizes: Record<string, number>): RepoFiles {
  return {
    size: async (p) => sizes[p],
    sha256: async () => undefined,
    isDirectory: async () => false,
    refusal: async () => undefined,
    file: async () => undefined,
  };
}

function context(packs: PackSpec[], sizes: Record<string, number> = {}): RuleContext {
  const content = {
    devices: [
      {
        file: 'devices/mangoh-red.yaml',
        model: 'mangoh-red',
        oem: 'x',
        name: 'x',
        hardware: { 'legato-target': 'wp76xx' },
      },
      { file: 'devices/bacon.yaml', model: 'bacon', oem: 'x', name: 'x' },
    ],
    packs,
  } as unknown as Content;
  return { content, files: new Map(), repo: repoFiles(sizes), now: 0 };
}

const base: PackSpec = {
  file: 'packs/a.yaml',
  id: 'a',
  command: 'updateApp',
  name: 'app',
  version: '1',
  payload: { tarball: 'packs/a.tar.bz2' },
  targets: ['mangoh-red'],
};

describe('pack-legato-limits', () => {
  it('finds nothing in a spec Legato can write and the device takes', async () => {
    expect(await packLegatoLimits.check(context([base], { 'packs/a.tar.bz2': 10 }))).toEqual([]);
  });

  it('refuses header text Legato would print unescaped, or the device refuses', async () => {
    const found = await packLegatoLimits.check(
      context(
        [
          { ...base, name: 'é'.repeat(24) },
          { ...base, file: 'packs/b.yaml', version: '1 "beta"' },
        ],
        { 'packs/a.tar.bz2': 10 },
      ),
    );
    expect(found.map((d) => [d.code, d.file])).toEqual([
      ['GITOTA220', 'packs/a.yaml'],
      ['GITOTA220', 'packs/b.yaml'],
    ]);
  });

  it('refuses empty and over-4-GiB payloads, and targets that are not Legato devices', async () => {
    const found = await packLegatoLimits.check(
      context(
        [
          { ...base, targets: ['bacon', 'unknown'] },
          {
            ...base,
            file: 'packs/f.yaml',
            command: 'updateFirmware',
            payload: { file: 'packs/big.cwe' },
          },
        ],
        { 'packs/a.tar.bz2': 0, 'packs/big.cwe': 2 ** 32 },
      ),
    );
    expect(found.map((d) => d.code)).toEqual(['GITOTA222', 'GITOTA224', 'GITOTA223']);
  });
});
