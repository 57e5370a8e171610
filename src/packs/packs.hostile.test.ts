/**
 * Hostile payloads and hostile paths for the pack reader and builder: tarballs
 * that leave the staging area, are malformed, or inflate without end (a real
 * bzip2 bomb made at test time with the bzip2 tool), and files given to
 * `gitota pack verify` that are not packs at all (missing, a folder, a FIFO,
 * /dev/zero). Each ends as its own code, with the exit status, and finishes.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExampleRepository, runGitota } from '../../test/commands/example-repo.js';
import { writeBzip2Bomb, tarHeader } from '../../test/support/bzip2-bomb.js';
import { withinBudget } from '../../test/support/fuzz.js';
import type { PackSpec } from '../model/types.js';
import { packFailureDiagnostic } from './pack-failure.js';
import { DecompressionBudget, readTarballListing, type TarballLimits } from './tarball-listing.js';

const HANG_GUARD_MS = 30_000;
const MIB = 1 << 20;
const LIMITS: TarballLimits = { maxBytes: 64 * MIB, maxEntries: 100 };
let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gitota-packs-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const block = (bytes: Buffer) =>
  Buffer.concat([bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512)]);
const end = Buffer.alloc(1024);
const file = (name: string, data = 'x') =>
  Buffer.concat([tarHeader(name, Buffer.byteLength(data)), block(Buffer.from(data))]);
const pax = (records: Record<string, string>) => {
  const body = Object.entries(records)
    .map(([k, v]) => {
      const rest = ` ${k}=${v}\n`;
      let length = rest.length + 1;
      while (String(length).length + rest.length !== length) length++;
      return `${length}${rest}`;
    })
    .join('');
  return Buffer.concat([
    tarHeader('./PaxHeaders/x', Buffer.byteLength(body), 'x'),
    block(Buffer.from(body)),
  ]);
};
const bz = (tar: Buffer) => execFileSync('bzip2', ['-9c'], { input: tar, maxBuffer: 256 * MIB });
const withChecksum = (header: Buffer, sum: string) => {
  const copy = Buffer.from(header);
  copy.write(sum, 148, 'latin1');
  return copy;
};
const SPEC: PackSpec = {
  file: 'packs/x.yaml',
  id: 'x',
  command: 'updateApp',
  name: 'x',
  version: '1',
};

/** Writes the tarball, lists it within `limits`, and returns the diagnostic code of the refusal (or 'listed'). */
async function refusal(
  bytes: Buffer | ((path: string) => Promise<void>),
  limits: TarballLimits = LIMITS,
): Promise<string> {
  const path = join(dir, `t${n++}.tar.bz2`);
  if (Buffer.isBuffer(bytes)) await writeFile(path, bytes);
  else await bytes(path);
  try {
    await withinBudget(HANG_GUARD_MS, () => readTarballListing(path, limits));
    return 'listed';
  } catch (error) {
    const diagnostic = packFailureDiagnostic(error, SPEC, dir, 1 << 20);
    if (diagnostic === undefined) throw error;
    return diagnostic.code;
  }
}

const deep = `./${Array.from({ length: 300 }, (_, i) => `d${i}`).join('/')}/f`;
const tarRows: Array<{
  name: string;
  tarball: Buffer | ((path: string) => Promise<void>);
  code: string;
  limits?: TarballLimits;
}> = [
  {
    name: 'a well-formed tarball (control)',
    tarball: bz(Buffer.concat([file('./a/b'), file('./c'), end])),
    code: 'listed',
  },
  {
    name: 'an entry ../evil',
    tarball: bz(Buffer.concat([file('../evil'), end])),
    code: 'GITOTA414',
  },
  {
    name: 'an entry ./a/../../b',
    tarball: bz(Buffer.concat([file('./a/../../b'), end])),
    code: 'GITOTA414',
  },
  {
    name: 'an absolute entry /etc/passwd',
    tarball: bz(Buffer.concat([file('/etc/passwd'), end])),
    code: 'GITOTA414',
  },
  {
    name: 'a pax path that leaves',
    tarball: bz(Buffer.concat([pax({ path: 'ok/../../../escape' }), file('./innocent'), end])),
    code: 'GITOTA414',
  },
  {
    name: 'a hard link to ../outside',
    tarball: bz(Buffer.concat([tarHeader('./link', 0, '1', '../outside'), end])),
    code: 'GITOTA414',
  },
  {
    name: 'a header checksum that does not match',
    tarball: bz(Buffer.concat([withChecksum(tarHeader('./a', 0), '000001\0 '), end])),
    code: 'GITOTA413',
  },
  {
    name: 'an unsupported entry type',
    tarball: bz(Buffer.concat([tarHeader('./a', 0, 'Z'), end])),
    code: 'GITOTA413',
  },
  {
    name: 'a hard link to nothing',
    tarball: bz(Buffer.concat([tarHeader('./link', 0, '1', './nothing'), end])),
    code: 'GITOTA413',
  },
  {
    name: 'a name over PATH_MAX',
    tarball: bz(Buffer.concat([pax({ path: `./${'n'.repeat(5000)}` }), file('./x'), end])),
    code: 'GITOTA413',
  },
  {
    name: 'a GNU long name over 1 MiB',
    tarball: bz(
      Buffer.concat([tarHeader('././@LongLink', 2 * MIB, 'L'), Buffer.alloc(2 * MIB, 0x61), end]),
    ),
    code: 'GITOTA413',
  },
  {
    name: 'a pax size that is not a number',
    tarball: bz(Buffer.concat([pax({ size: '1e400' }), file('./x'), end])),
    code: 'GITOTA413',
  },
  { name: 'ends inside an entry', tarball: bz(tarHeader('./a', 5000)), code: 'GITOTA413' },
  {
    name: 'not bzip2 at all',
    tarball: Buffer.from('this is not a bzip2 stream'),
    code: 'GITOTA413',
  },
  {
    name: 'bzip2 of bytes that are not tar',
    tarball: bz(Buffer.alloc(2048, 0x41)),
    code: 'GITOTA413',
  },
  {
    name: 'a truncated bzip2 stream',
    tarball: truncated(bz(Buffer.concat([file('./a', randomText(100_000)), end]))),
    code: 'GITOTA413',
  },
  {
    name: 'a bzip2 bomb: 70 GiB of zeros in a few hundred KB',
    tarball: (path) => writeBzip2Bomb(path, 70 * 1024 ** 3),
    code: 'GITOTA415',
  },
  {
    name: 'a bomb after the end-of-archive marker',
    tarball: async (path) =>
      writeFile(
        path,
        Buffer.concat([
          bz(Buffer.concat([file('./a'), end])),
          await readFileOf((p) => writeBzip2Bomb(p, 1024 ** 3)),
        ]),
      ),
    code: 'GITOTA415',
  },
  {
    name: 'more entries than limits.max_archive_entries',
    tarball: bz(Buffer.concat([...Array.from({ length: 150 }, (_, i) => file(`./f${i}`)), end])),
    code: 'GITOTA417',
  },
  {
    name: 'one entry implying 300 parent directories',
    tarball: bz(Buffer.concat([pax({ path: deep }), file('./x'), end])),
    code: 'GITOTA417',
  },
  {
    name: 'run budget: this tarball after others used it',
    tarball: bz(Buffer.concat([file('./a', 'z'.repeat(4096)), end])),
    code: 'GITOTA416',
    limits: { ...LIMITS, run: usedBudget() },
  },
];

function truncated(bytes: Buffer): Buffer {
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

function randomText(length: number): string {
  return randomBytes(length).toString('base64').slice(0, length);
}

function usedBudget(): DecompressionBudget {
  const budget = new DecompressionBudget(8 * MIB);
  budget.take(8 * MIB);
  return budget;
}

async function readFileOf(make: (path: string) => Promise<void>): Promise<Buffer> {
  const path = join(dir, `made${n++}`);
  await make(path);
  return readFile(path);
}

describe('hostile tarballs', () => {
  for (const row of tarRows) {
    it(`${row.name}: ${row.code}`, async () => {
      expect(await refusal(row.tarball, row.limits)).toBe(row.code);
    });
  }
});

describe('gitota pack verify FILE that is not a pack file', () => {
  let socketServer: Server | undefined;
  afterAll(async () => {
    await new Promise<void>((r) => (socketServer ? socketServer.close(() => r()) : r()));
  });
  const rows: Array<{ name: string; make: (path: string) => Promise<string>; code: string }> = [
    { name: 'a missing file', make: async (p) => p, code: 'GITOTA410' },
    { name: 'a directory', make: async (p) => (await mkdir(p), p), code: 'GITOTA411' },
    {
      name: 'a FIFO with no writer (would block in open())',
      make: async (p) => (execFileSync('mkfifo', [p]), p),
      code: 'GITOTA411',
    },
    { name: '/dev/zero (would read for ever)', make: async () => '/dev/zero', code: 'GITOTA411' },
    {
      name: 'a unix socket',
      make: async (p) => {
        socketServer = createServer();
        await new Promise<void>((r) => socketServer!.listen(p, () => r()));
        return p;
      },
      code: 'GITOTA411',
    },
    {
      name: 'a link to nothing',
      make: async (p) => (await symlink(join(dir, 'nowhere'), p), p),
      code: 'GITOTA410',
    },
  ];
  for (const row of rows) {
    it(`${row.name}: gitota pack: error ${row.code}, exit 1`, async () => {
      const path = await row.make(join(dir, `v${n++}.update`));
      const result = await withinBudget(HANG_GUARD_MS, () =>
        runGitota(['pack', 'verify', path], dir),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^gitota pack: error ${row.code} the pack \\S+ .+\\n$`),
      );
      expect(result.stdout).toBe('');
    });
  }

  it('an empty regular file is read: GITOTA300, exit 1', async () => {
    const path = join(dir, `empty${n++}.update`);
    await writeFile(path, '');
    const result = await runGitota(['pack', 'verify', path], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/:1:1: error GITOTA300 /);
  });
});

describe('hostile tarballs through gitota pack build and gitota build', () => {
  let example: { root: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    example = await copyExampleRepository();
    // Small bounds for the repository, as its gitota.yaml may set them.
    const config = join(example.root, 'gitota.yaml');
    await writeFile(
      config,
      (await readFile(config, 'utf8')).replace(
        'limits:\n',
        'limits:\n  max_decompressed_bytes: 67108864\n',
      ),
    );
  });
  afterAll(async () => example?.cleanup());

  async function spec(
    name: string,
    tarball: Buffer | ((p: string) => Promise<void>),
  ): Promise<string> {
    await mkdir(join(example.root, 'files'), { recursive: true });
    const path = join(example.root, `files/${name}.tar.bz2`);
    if (Buffer.isBuffer(tarball)) await writeFile(path, tarball);
    else await tarball(path);
    await writeFile(
      join(example.root, `packs/${name}.yaml`),
      `command: updateApp\nname: ${name}\nversion: "1.0"\npayload:\n  tarball: files/${name}.tar.bz2\n`,
    );
    return `packs/${name}.yaml`;
  }

  const rows: Array<{
    name: string;
    tarball: Buffer | ((p: string) => Promise<void>);
    code: string;
  }> = [
    {
      name: 'escape',
      tarball: bz(Buffer.concat([file('../../etc/cron.d/evil'), end])),
      code: 'GITOTA414',
    },
    { name: 'bomb', tarball: (p) => writeBzip2Bomb(p, 70 * 1024 ** 3), code: 'GITOTA415' },
    { name: 'garbage', tarball: Buffer.from('BZh9 not really'), code: 'GITOTA413' },
  ];
  for (const row of rows) {
    it(`pack build of a ${row.name} tarball: packs/${row.name}.yaml:5:12: error ${row.code}, exit 1`, async () => {
      const specPath = await spec(row.name, row.tarball);
      const result = await withinBudget(HANG_GUARD_MS, () =>
        runGitota(
          ['pack', 'build', specPath, '--out', join(dir, `${row.name}.update`)],
          example.root,
        ),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^packs/${row.name}\\.yaml:5:12: error ${row.code} `),
      );
      expect(result.stderr).not.toContain('internal error');
      await rm(join(example.root, specPath));
    });
  }

  it('pack build SPEC where SPEC is a FIFO: gitota pack: error GITOTA411, exit 1', async () => {
    execFileSync('mkfifo', [join(example.root, 'packs/fifo.yaml')]);
    const result = await withinBudget(HANG_GUARD_MS, () =>
      runGitota(
        ['pack', 'build', 'packs/fifo.yaml', '--out', join(dir, 'fifo.update')],
        example.root,
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^gitota pack: error GITOTA411 the pack spec packs\/fifo\.yaml is a FIFO/,
    );
    await rm(join(example.root, 'packs/fifo.yaml'));
  });

  for (const row of rows.slice(0, 2)) {
    it(`gitota build with a ${row.name} tarball in a system pack's app: error ${row.code} at its tarball:, exit 1, nothing written`, async () => {
      const copy = await copyExampleRepository();
      try {
        const config = join(copy.root, 'gitota.yaml');
        await writeFile(
          config,
          (await readFile(config, 'utf8')).replace(
            'limits:\n',
            'limits:\n  max_decompressed_bytes: 67108864\n',
          ),
        );
        const sensor = join(copy.root, 'packs/wp76xx-system/sensor.tar.bz2');
        if (Buffer.isBuffer(row.tarball)) await writeFile(sensor, row.tarball);
        else await row.tarball(sensor);
        // The spec names the new bytes: what a hostile pull request would do (validate accepts it).
        const digest = execFileSync('sha256sum', [sensor]).toString().split(' ')[0]!;
        const specFile = join(copy.root, 'packs/wp76xx-system.yaml');
        await writeFile(
          specFile,
          (await readFile(specFile, 'utf8')).replace(
            'fe0f4c1cb99adcf8b70f0ccf36fbbc6e21083646eee9fd4f813ee0166bbb26a5',
            digest,
          ),
        );
        expect((await runGitota(['validate'], copy.root)).code).toBe(0);
        const result = await withinBudget(HANG_GUARD_MS * 2, () =>
          runGitota(['build', '--out', '_site'], copy.root, { GITOTA_OFFLINE: '1' }),
        );
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(
          new RegExp(
            `^packs/wp76xx-system\\.yaml:24:16: error ${row.code} the payload at /apps/2/payload cannot be built: `,
            'm',
          ),
        );
        expect(result.stderr).not.toContain('internal error');
        await expect(readFile(join(copy.root, '_site/index.html'))).rejects.toMatchObject({
          code: 'ENOENT',
        });
      } finally {
        await copy.cleanup();
      }
    });
  }
});
