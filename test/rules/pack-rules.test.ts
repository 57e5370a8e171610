import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  checkRepository,
  copyExampleRepository,
  removeRepository,
  summarise,
  writeRepoFile,
} from './support/rule-repository.js';

const PACK = 'packs/test-pack.yaml';
const TARBALL = 'packs/test-pack/helloWorld.wp76xx.tar.bz2';
const TARBALL_BYTES = Buffer.from('BZh9 stand-in app tarball');
const SHA = createHash('sha256').update(TARBALL_BYTES).digest('hex');

let root: string;
beforeEach(async () => {
  root = await copyExampleRepository();
  await writeRepoFile(root, TARBALL, TARBALL_BYTES);
  await writeRepoFile(root, 'packs/test-pack/staging/info.properties', 'app.name=helloWorld\n');
  await writeRepoFile(root, 'packs/test-pack/firmware.cwe', 'stand-in firmware');
});
afterEach(async () => {
  await removeRepository(root);
});

const header = '# yaml-language-server: $schema=../schemas/pack.schema.json';

/** An updateApp spec: payload key on line 6, sha256 on line 7, targets from line 9. */
function appPack(
  payload: string,
  sha256: string | null = SHA,
  targets = ['mangoh-red'],
  command = 'updateApp',
): string {
  const hash = sha256 === null ? '  # no sha256' : `  sha256: "${sha256}"`;
  return (
    [
      header,
      `command: ${command}`,
      'name: helloWorld',
      'version: "1.0"',
      'payload:',
      `  ${payload}`,
      hash,
      ...(targets.length > 0 ? ['targets:', ...targets.map((t) => `  - ${t}`)] : []),
    ].join('\n') + '\n'
  );
}

describe('pack-payload', () => {
  it('accepts a tarball with its sha256, a staging directory and a firmware file', async () => {
    await writeRepoFile(root, PACK, appPack(`tarball: ${TARBALL}`));
    await writeRepoFile(
      root,
      'packs/test-staging.yaml',
      [
        header,
        'command: updateApp',
        'name: helloWorld',
        'version: "1.0"',
        'payload:',
        '  staging: packs/test-pack/staging',
      ].join('\n') + '\n',
    );
    await writeRepoFile(
      root,
      'packs/test-firmware.yaml',
      [
        header,
        'command: updateFirmware',
        'name: modem',
        'payload:',
        '  file: packs/test-pack/firmware.cwe',
      ].join('\n') + '\n',
    );
    expect(summarise(await checkRepository(root))).toEqual([]);
  });

  it('GITOTA200: the tarball does not exist', async () => {
    await writeRepoFile(root, PACK, appPack('tarball: packs/test-pack/missing.tar.bz2'));
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${PACK}:6 GITOTA200`]);
    expect(diagnostics[0]?.column).toBe(12);
  });

  it('GITOTA200: a staging directory that is a file', async () => {
    await writeRepoFile(root, PACK, appPack(`staging: ${TARBALL}`, null));
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${PACK}:6 GITOTA200`]);
    expect(diagnostics[0]?.hint).toContain('tarball');
  });

  it('GITOTA200: a firmware file that is a directory', async () => {
    await writeRepoFile(
      root,
      PACK,
      appPack('file: packs/test-pack/staging', null, [], 'updateFirmware'),
    );
    expect(summarise(await checkRepository(root))).toEqual([`${PACK}:6 GITOTA200`]);
  });

  it('GITOTA201: the tarball does not match its sha256', async () => {
    await writeRepoFile(root, PACK, appPack(`tarball: ${TARBALL}`, 'ab'.repeat(32)));
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${PACK}:7 GITOTA201`]);
    expect(diagnostics[0]?.message).toContain(SHA);
  });

  it('GITOTA204: a payload path with an empty segment', async () => {
    await writeRepoFile(root, PACK, appPack('tarball: packs//test-pack/helloWorld.wp76xx.tar.bz2'));
    expect(summarise(await checkRepository(root))).toEqual([`${PACK}:6 GITOTA204`]);
  });

  it("GITOTA200/201: the payloads of a system pack's apps are checked too", async () => {
    await writeRepoFile(
      root,
      PACK,
      [
        header,
        'command: updateSystem',
        'name: fleet-system',
        'payload:',
        '  staging: packs/test-pack/staging',
        'apps:',
        '  - name: helloWorld',
        '    payload:',
        `      tarball: ${TARBALL}`,
        `      sha256: "${'0'.repeat(64)}"`,
        '  - name: gone',
        '    payload:',
        '      tarball: packs/test-pack/gone.tar.bz2',
      ].join('\n') + '\n',
    );
    expect(summarise(await checkRepository(root))).toEqual([
      `${PACK}:10 GITOTA201`,
      `${PACK}:13 GITOTA200`,
    ]);
  });
});

describe('pack-targets', () => {
  it('GITOTA202: a target naming no device', async () => {
    await writeRepoFile(
      root,
      PACK,
      appPack(`tarball: ${TARBALL}`, SHA, ['mangoh-red', 'mangoh-yellow']),
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${PACK}:10 GITOTA202`]);
    expect(diagnostics[0]?.column).toBe(5);
  });
});

describe('pack-app-names', () => {
  it('GITOTA203: one app name twice in a system pack', async () => {
    await writeRepoFile(
      root,
      PACK,
      [
        header,
        'command: updateSystem',
        'name: fleet-system',
        'payload:',
        '  staging: packs/test-pack/staging',
        'apps:',
        '  - name: helloWorld',
        '    payload:',
        `      tarball: ${TARBALL}`,
        '  - name: helloWorld',
        '    preloaded: true',
        '    payload:',
        `      tarball: ${TARBALL}`,
      ].join('\n') + '\n',
    );
    const diagnostics = await checkRepository(root);
    expect(summarise(diagnostics)).toEqual([`${PACK}:10 GITOTA203`]);
    expect(diagnostics[0]?.hint).toContain(`${PACK}:7`);
  });
});
