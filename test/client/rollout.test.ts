/**
 * Staged rollouts as devices see them: inside a 25% rollout the new build,
 * outside the previous stable one; paused and pulled builds offered to no one.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { parseManifest } from '../../src/client/parse-manifest.js';
import { chooseUpdate } from '../../src/client/update-policy.js';
import type { KeyRing } from '../../src/model/keys.js';
import { generateKeys, keyRingOf } from '../../src/tuf/key-generation.js';
import { TRUSTED_ROOT_SITE_PATH } from '../../src/tuf/layout.js';
import { bucketOf } from '../../src/model/rollout.js';
import {
  buildClientSite,
  makeClientContent,
  startTamperServer,
  tempDir,
  writeSiteDir,
  type SiteSpec,
} from './support.js';

const NOW = Math.floor(Date.now() / 1000);
let keys: KeyRing;
const cleanups: Array<() => Promise<void>> = [];
beforeAll(async () => {
  keys = keyRingOf(await generateKeys({ rootKeys: 1, now: NOW, rsaBits: 2048 }), true);
}, 60_000);
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function servedSite(spec: SiteSpec = {}) {
  const { dir, cleanup } = await tempDir('rollout');
  cleanups.push(cleanup);
  const server = await startTamperServer(join(dir, 'site'));
  cleanups.push(server.close);
  await writeSiteDir(
    server.dir,
    await buildClientSite(await makeClientContent(join(dir, 'repo'), spec), {
      keys,
      now: NOW,
      baseUrl: server.url,
    }),
  );
  const manifest = parseManifest(
    await readFile(join(server.dir, 'v1/alpha/nightly.json')),
    'v1/alpha/nightly.json',
  );
  const check = async (deviceId: string) => {
    const io = memoryIo({ cwd: dir });
    const code = await runCli(
      [
        'check',
        '--url',
        server.url,
        '--trusted-root',
        join(server.dir, TRUSTED_ROOT_SITE_PATH),
        '--device',
        'alpha',
        '--channel',
        'nightly',
        '--device-id',
        deviceId,
        '--json',
      ],
      io,
    );
    expect(io.err.join('')).toBe('');
    expect(code).toBe(0);
    return JSON.parse(io.out.join(''));
  };
  return { manifest, check };
}

const ids = Array.from({ length: 10_000 }, (_, i) => `serial-${i.toString(36).padStart(6, '0')}`);

describe('rollouts', () => {
  it('over 10,000 devices a 25% rollout reaches 25% ± 1.5%, each device always the same answer; the rest get the previous stable build', async () => {
    const { manifest, check } = await servedSite();
    expect(manifest.latest?.id).toBe('a2');
    expect(manifest.previous_stable?.id).toBe('a1');
    const taken = ids.map(
      (id) =>
        chooseUpdate(manifest, { device: 'alpha', channel: 'nightly', deviceId: id }, NOW).build
          ?.id,
    );
    const share = taken.filter((id) => id === 'a2').length / ids.length;
    expect(share).toBeGreaterThan(0.235);
    expect(share).toBeLessThan(0.265);
    expect(new Set(taken)).toEqual(new Set(['a1', 'a2']));
    expect(
      ids.map(
        (id) =>
          chooseUpdate(manifest, { device: 'alpha', channel: 'nightly', deviceId: id }, NOW).build
            ?.id,
      ),
    ).toEqual(taken);

    const inside = ids.find((id) => bucketOf(id, 'a2', 'a2-salt') < 2500)!;
    const outside = ids.find((id) => bucketOf(id, 'a2', 'a2-salt') >= 2500)!;
    expect(await check(inside)).toMatchObject({
      action: 'update',
      build: { id: 'a2' },
      rollout: { inside: true, percent: 25 },
    });
    const out = await check(outside);
    expect(out).toMatchObject({
      action: 'update',
      build: { id: 'a1' },
      rollout: { inside: false },
    });
    expect(out.reason).toMatch(/outside the 25% rollout of a2/);
  });

  it.each(['paused', 'pulled'] as const)('a %s build is offered to no device', async (status) => {
    const { manifest, check } = await servedSite({ a2: { status } });
    expect(manifest.latest?.id).toBe('a1');
    const taken = new Set(
      ids.map(
        (id) =>
          chooseUpdate(manifest, { device: 'alpha', channel: 'nightly', deviceId: id }, NOW).build
            ?.id,
      ),
    );
    expect(taken).toEqual(new Set(['a1']));
    const inside = ids.find((id) => bucketOf(id, 'a2', 'a2-salt') < 2500)!;
    expect(await check(inside)).toMatchObject({ action: 'update', build: { id: 'a1' } });
  });
});
