/**
 * `gitota check --legato TARGET` against a small built site: packs chosen by a
 * device codename or its Legato target from the packs' signed custom data, a
 * pack id still checking one pack, and custom data that cannot be altered.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import type { KeyRing } from '../../src/model/keys.js';
import type { Content, PackSpec } from '../../src/model/types.js';
import { generateKeys, keyRingOf } from '../../src/tuf/key-generation.js';
import { TRUSTED_ROOT_SITE_PATH } from '../../src/tuf/layout.js';
import { makeDevice } from '../tuf/support.js';
import {
  buildClientSite,
  filesIn,
  makeClientContent,
  resign,
  startTamperServer,
  tempDir,
  writeSiteDir,
  type TamperServer,
} from './support.js';

// tuf-js checks expiry by the real clock, so the site is built now.
const NOW = Math.floor(Date.now() / 1000);
let keys: KeyRing;
let server: TamperServer;
let work: { dir: string; cleanup: () => Promise<void> };
let root: string;

const pack = (
  id: string,
  extra: Partial<PackSpec> & Pick<PackSpec, 'command' | 'name'>,
): PackSpec => ({ file: `packs/${id}.yaml`, id, ...extra });

async function legatoContent(dir: string): Promise<Content> {
  const content = await makeClientContent(dir);
  await mkdir(join(dir, 'packs'), { recursive: true });
  await writeFile(join(dir, 'packs/modem.cwe'), 'stand-in firmware image\n');
  const board = (model: string, target: string) => ({
    ...makeDevice(model),
    hardware: { 'legato-target': target },
  });
  content.devices = [...content.devices, board('red', 'wp76xx'), board('yellow', 'wp77xx')].sort(
    (a, b) => (a.model < b.model ? -1 : 1),
  );
  content.packs = [
    pack('red-firmware', {
      command: 'updateFirmware',
      name: 'red-firmware',
      payload: { file: 'packs/modem.cwe' },
      targets: ['red'],
    }),
    pack('remove-hello', { command: 'removeApp', name: 'helloWorld', targets: ['red'] }),
    pack('yellow-remove', { command: 'removeApp', name: 'sensor', targets: ['yellow'] }),
  ];
  return content;
}

beforeAll(async () => {
  keys = keyRingOf(await generateKeys({ rootKeys: 1, now: NOW, rsaBits: 2048 }), true);
  work = await tempDir('legato-target');
  server = await startTamperServer(join(work.dir, 'site'));
  const content = await legatoContent(join(work.dir, 'repo'));
  await writeSiteDir(
    server.dir,
    await buildClientSite(content, { keys, now: NOW, baseUrl: server.url }),
  );
  root = join(server.dir, TRUSTED_ROOT_SITE_PATH);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await work?.cleanup();
});

async function cli(...argv: string[]) {
  const io = memoryIo({ cwd: work.dir });
  const code = await runCli(['check', '--url', server.url, '--trusted-root', root, ...argv], io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('gitota check --legato TARGET', () => {
  it('signs each pack target with what a device chooses by: id, command, name, devices and their Legato target', async () => {
    const site = JSON.parse(await readText(`metadata/1.site.json`));
    expect(site.signed.targets['packs/red-firmware.update'].custom).toEqual({
      gitota: {
        pack: 'red-firmware',
        command: 'updateFirmware',
        name: 'red-firmware',
        targets: ['red'],
        legato_target: 'wp76xx',
      },
    });
    expect(site.signed.targets['packs/remove-hello.update'].custom.gitota).toMatchObject({
      command: 'removeApp',
      name: 'helloWorld',
      targets: ['red'],
    });
  });

  it('chooses every pack of a device by its codename, verified and read, and downloads them', async () => {
    const download = join(work.dir, 'dl-red');
    const r = await cli('--legato', 'red', '--download', download, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ target: 'red', matchedBy: 'device', accepted: true });
    expect(result.packs.map((p: { target: string }) => p.target)).toEqual([
      'packs/red-firmware.update',
      'packs/remove-hello.update',
    ]);
    expect(result.packs[0].sections).toEqual([{ command: 'updateFirmware', size: 24 }]);
    expect(await filesIn(download)).toEqual(['red-firmware.update', 'remove-hello.update']);
  });

  it('chooses by Legato target, prints the packs for people, and keeps --legato PACK-ID working', async () => {
    const byTarget = await cli('--legato', 'wp77xx', '--json');
    expect(byTarget.code).toBe(0);
    expect(JSON.parse(byTarget.out)).toMatchObject({
      target: 'wp77xx',
      matchedBy: 'legato-target',
      packs: [
        {
          target: 'packs/yellow-remove.update',
          sections: [{ command: 'removeApp', name: 'sensor' }],
        },
      ],
    });
    const text = await cli('--legato', 'wp76xx');
    expect(text.out).toMatch(
      /^Legato target wp76xx: 2 packs, all accepted\npacks\/red-firmware\.update: verified; the device accepts it\n/,
    );
    const byId = await cli('--legato', 'remove-hello', '--json');
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.out)).toMatchObject({
      target: 'packs/remove-hello.update',
      accepted: true,
      sections: [{ command: 'removeApp', name: 'helloWorld' }],
    });
  });

  it('finds nothing for an unknown target, and refuses packs whose custom data was changed without the key', async () => {
    const none = await cli('--legato', 'alpha');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(
      /^gitota check: NOT_FOUND: the signed metadata lists no pack for "alpha"/,
    );
    // Someone with write access to the site and the wrong key moves yellow's pack to red.
    const path = join(server.dir, 'metadata/1.site.json');
    const original = await readText('metadata/1.site.json');
    const forged = resign(new TextEncoder().encode(original), [keys.tuf.targets], (signed) => {
      const targets = signed.targets as Record<
        string,
        { custom: { gitota: { targets: string[] } } }
      >;
      targets['packs/yellow-remove.update']!.custom.gitota.targets = ['red'];
    });
    await writeFile(path, forged);
    try {
      const r = await cli('--legato', 'red', '--json');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/VERIFICATION_FAILED/);
      expect(r.out).toBe('');
    } finally {
      await writeFile(path, original);
    }
  });
});

function readText(path: string): Promise<string> {
  return readFile(join(server.dir, path), 'utf8');
}
