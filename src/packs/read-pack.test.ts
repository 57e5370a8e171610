import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../cli/io.js';
import { packCommand } from '../cli/commands/pack.js';
import { readPack } from './read-pack.js';

const MD5 = '2da734648b832ac73c27902a1905095d';
const app = (fields: string, payload = 'PAYLOAD') => `{\n${fields}\n}${payload}`;
const appHeader = (
  over: Partial<Record<'command' | 'name' | 'version' | 'md5' | 'size', string>> = {},
  payload = 'PAYLOAD',
) => {
  const f = {
    command: '"updateApp"',
    name: '"helloWorld"',
    version: '"1.0"',
    md5: `"${MD5}"`,
    size: String(payload.length),
    ...over,
  };
  return app(
    Object.entries(f)
      .map(([k, v]) => `"${k}":${v}`)
      .join(',\n'),
    payload,
  );
};
const system = (rest = '') =>
  `{\n"command":"updateSystem",\n"md5":"${MD5}",\n"size":3\n}SYS${rest}`;
const firmware = (payload: string, size = payload.length) =>
  `{\n  "command":"updateFirmware",\n  "size":${size}\n}${payload}`;

let dir: string;
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gitota-read-pack-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function findings(bytes: string | Buffer) {
  const path = join(dir, `p${counter++}.update`);
  await writeFile(path, bytes);
  return (await readPack(path)).findings;
}

async function codes(bytes: string | Buffer): Promise<string[]> {
  return (await findings(bytes)).map((f) => f.code);
}

describe('readPack accepts what Legato writes', () => {
  it('takes app, system, remove and firmware packs without a finding', async () => {
    expect(await codes(appHeader())).toEqual([]);
    expect(await codes(system(appHeader()))).toEqual([]);
    expect(await codes(system(appHeader() + appHeader({ name: '"other"' })))).toEqual([]);
    expect(await codes('{\n  "command":"removeApp",\n  "name":"helloWorld"\n}')).toEqual([]);
    expect(await codes(firmware('FIRMWARE'))).toEqual([]);
  });

  it('takes what the device takes: \\" inside a string, whitespace before the brace, a 1023-byte token', async () => {
    expect(await codes(appHeader({ version: '"1.0 \\"beta\\""' }))).toEqual([]);
    expect(await codes(` \n\t${appHeader()}`)).toEqual([]);
    expect(await codes(appHeader({ version: `"${'v'.repeat(200)}"` }))).toEqual([]);
    const report = await readPack(
      join(
        dir,
        await (async () => {
          const name = `p${counter++}.update`;
          await writeFile(join(dir, name), appHeader({ version: '"a\\"b"' }));
          return name;
        })(),
      ),
    );
    expect(report.sections[0]?.version).toBe('a"b');
    expect(report.sections[0]?.payloadSha256).toBe(
      createHash('sha256').update('PAYLOAD').digest('hex'),
    );
  });
});

describe('readPack reports what the device rejects', () => {
  const cases: Array<[string, string, string | Buffer]> = [
    ['GITOTA300', 'an empty pack', ''],
    ['GITOTA300', 'a pack of whitespace', ' \n '],
    ['GITOTA301', 'a pack not starting with {', `x${appHeader()}`],
    ['GITOTA301', 'an array header', '["updateApp"]'],
    ['GITOTA301', 'a missing colon', '{"command" "updateApp"}'],
    ['GITOTA301', 'a malformed number', appHeader({ size: '1.2.3' })],
    [
      'GITOTA301',
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from('{"command":"updateApp","name":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]),
    ],
    ['GITOTA302', 'a truncated header', '{\n"command":"upd'],
    ['GITOTA303', 'a member other than the five keys', appHeader({ checksum: '"x"' } as never)],
    ['GITOTA304', 'a size that is a string', appHeader({ size: '"7"' })],
    ['GITOTA304', 'a name that is a boolean', appHeader({ name: 'true' })],
    ['GITOTA305', 'a token of 1024 bytes', appHeader({ version: `"${'v'.repeat(1024)}"` })],
    ['GITOTA306', 'no command', '{}'],
    ['GITOTA307', 'an unknown command', appHeader({ command: '"installApp"' })],
    [
      'GITOTA308',
      'a command over 31 bytes',
      appHeader({ command: `"${'updateApp'.padEnd(32, 'x')}"` }),
    ],
    ['GITOTA309', 'size zero', appHeader({ size: '0' })],
    ['GITOTA309', 'size missing', '{\n  "command":"updateFirmware"\n}FW'],
    ['GITOTA310', 'a fractional size', appHeader({ size: '1.5' })],
    ['GITOTA310', 'a negative size', appHeader({ size: '-7' })],
    ['GITOTA311', 'fewer payload bytes than size', appHeader({ size: '100' })],
    ['GITOTA312', 'a byte after an app pack', `${appHeader()}\n`],
    [
      'GITOTA312',
      'a byte after a remove pack',
      '{\n  "command":"removeApp",\n  "name":"helloWorld"\n}\n',
    ],
    ['GITOTA313', 'an empty app name', '{\n  "command":"removeApp",\n  "name":""\n}'],
    [
      'GITOTA313',
      'no app name',
      appHeader({ name: undefined as never }).replace('"name":undefined,\n', ''),
    ],
    ['GITOTA314', 'an app name over 47 bytes', appHeader({ name: `"${'n'.repeat(48)}"` })],
    ['GITOTA315', "an app name with '/'", appHeader({ name: '"../etc"' })],
    [
      'GITOTA316',
      'no md5 in updateApp',
      appHeader({ md5: undefined as never }).replace(/"md5":undefined,\n/, ''),
    ],
    ['GITOTA317', 'an md5 over 32 bytes', appHeader({ md5: `"${MD5}0"` })],
    ['GITOTA318', 'updateSystem after updateSystem', system(system())],
    ['GITOTA318', 'updateFirmware inside a system pack', system(firmware('FW'))],
  ];
  for (const [code, what, bytes] of cases) {
    it(`${code}: ${what}`, async () => {
      const found = await findings(bytes);
      expect(found.map((f) => f.code)).toContain(code);
      expect(found.find((f) => f.code === code)?.rejectedBy).toBe('device');
    });
  }
});

describe('readPack reports what only gitota refuses', () => {
  const cases: Array<[string, string, string]> = [
    ['GITOTA330', 'an escape other than \\"', appHeader({ version: '"1.0\\n"' })],
    ['GITOTA331', 'an md5 in upper case', appHeader({ md5: `"${MD5.toUpperCase()}"` })],
    ['GITOTA331', 'an md5 that is a path', appHeader({ md5: '"../../../../etc/passwd"' })],
    ['GITOTA332', 'bytes after a firmware payload', `${firmware('FW', 2)}MORE`],
    ['GITOTA333', 'a member given twice', appHeader({ version: '"1.0",\n"version":"2.0"' })],
    [
      'GITOTA334',
      'a member the command does not use',
      `{\n"command":"updateSystem",\n"version":"1",\n"md5":"${MD5}",\n"size":3\n}SYS`,
    ],
    ['GITOTA335', 'a size with leading zeros', appHeader({ size: '007' })],
    [
      'GITOTA336',
      'removeApp inside a system pack',
      system('{"command":"removeApp","name":"helloWorld"}'),
    ],
    ['GITOTA337', 'whitespace after the last section of a system pack', system('\n')],
    ['GITOTA338', 'a raw control character', appHeader({ version: '"1.0\t"' })],
    ['GITOTA339', 'a size over 4 GiB - 1', appHeader({ size: '4294967296' })],
    ['GITOTA340', 'a version over 255 bytes', appHeader({ version: `"${'v'.repeat(300)}"` })],
  ];
  for (const [code, what, bytes] of cases) {
    it(`${code}: ${what}`, async () => {
      const found = await findings(bytes);
      expect(found.map((f) => f.code)).toContain(code);
      expect(found.find((f) => f.code === code)?.rejectedBy).toBe('gitota');
    });
  }
});

describe('gitota pack verify / inspect', () => {
  it('exits 1 with compiler-style lines for a bad pack, 0 for a good one', async () => {
    const bad = join(dir, 'bad.update');
    const good = join(dir, 'good.update');
    await writeFile(bad, `${appHeader()}X`);
    await writeFile(good, appHeader());
    const io = memoryIo({ cwd: dir });
    expect(await packCommand.run(['verify', 'bad.update'], io)).toBe(1);
    expect(io.err.join('')).toMatch(
      /^bad\.update:1:1: error GITOTA312 1 byte\(s\) follow an app pack at byte \d+/,
    );
    const ok = memoryIo({ cwd: dir });
    expect(await packCommand.run(['verify', 'good.update'], ok)).toBe(0);
    const json = memoryIo({ cwd: dir });
    expect(await packCommand.run(['inspect', 'good.update', '--json'], json)).toBe(0);
    const report = JSON.parse(json.out.join('')) as {
      sections: Array<{
        command: string;
        name: string;
        md5: string;
        size: number;
        payloadOffset: number;
      }>;
    };
    expect(report.sections).toEqual([
      expect.objectContaining({
        command: 'updateApp',
        name: 'helloWorld',
        md5: MD5,
        size: 7,
        payloadOffset: appHeader().length - 7,
      }),
    ]);
  });
});
