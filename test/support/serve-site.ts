/**
 * Test support for `gitota serve`: raw HTTP requests (the request target
 * exactly as given, so nothing normalises `/../` or `//` on the way) and a
 * served folder beside a folder outside it that holds secrets, linked from
 * inside.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request on its own connection (a refused one must not break the next). */
export function rawRequest(
  serverUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  return new Promise((done, fail) => {
    const req = request(serverUrl, { method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

export interface LeakySite {
  /** The folder to serve. */
  dir: string;
  /** Beside it: `secret.txt` and `folder/index.html`, both holding "secret", linked from `dir` as `leak.txt` and `linked`. */
  outside: string;
  remove(): Promise<void>;
}

/** `files` (site path → text) in a fresh folder, plus the links out of it. */
export async function makeLeakySite(
  files: Readonly<Record<string, string>>,
  folders: readonly string[] = [],
): Promise<LeakySite> {
  const dir = await mkdtemp(join(tmpdir(), 'gitota-serve-'));
  const outside = await mkdtemp(join(tmpdir(), 'gitota-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'secret');
  await mkdir(join(outside, 'folder'));
  await writeFile(join(outside, 'folder/index.html'), 'secret folder');
  for (const folder of folders) await mkdir(join(dir, folder), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await symlink(join(outside, 'secret.txt'), join(dir, 'leak.txt'));
  await symlink(join(outside, 'folder'), join(dir, 'linked'));
  return {
    dir,
    outside,
    remove: async () => {
      await rm(dir, { recursive: true, force: true });
      await rm(outside, { recursive: true, force: true });
    },
  };
}
