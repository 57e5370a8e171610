import { execFile, spawnSync } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OutputFile } from '../../src/formats/format.js';

/** Writes rendered files into `dir` (a tiny stand-in for the site writer). */
export async function writeFiles(dir: string, files: readonly OutputFile[]): Promise<void> {
  for (const file of files) {
    const target = join(dir, file.path);
    await mkdir(dirname(target), { recursive: true });
    if (file.bytes) await writeFile(target, file.bytes);
    else await copyFile(file.source, target);
  }
}

const SCRIPT = `
import json, sys
from fdroidserver import common, index
common.config = {'jarsigner': 'jarsigner'}
mode, url = sys.argv[1], sys.argv[2]
try:
    if mode == 'v2':
        data, _etag = index.download_repo_index_v2(url)
    else:
        data, _etag = index.download_repo_index_v1(url)
    print(json.dumps({'ok': True, 'index': data}))
except Exception as e:
    print(json.dumps({'ok': False, 'error': type(e).__name__ + ': ' + str(e)}))
`;

export type FdroidserverResult =
  { ok: true; index: Record<string, unknown> } | { ok: false; error: string };

/**
 * Debian's fdroidserver downloads, verifies (jarsigner, fingerprint, sha256) and
 * parses the index. Asynchronous: the test's HTTP server runs in this process.
 */
export function downloadWithFdroidserver(
  mode: 'v1' | 'v2',
  url: string,
): Promise<FdroidserverResult> {
  // requests would route 127.0.0.1 through a configured proxy; the test server is local.
  const env = { ...process.env, NO_PROXY: '*', no_proxy: '*' };
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/python3',
      ['-c', SCRIPT, mode, url],
      { encoding: 'utf8', env, maxBuffer: 64 << 20, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) resolve({ ok: false, error: `python failed: ${error.message}: ${stderr}` });
        else resolve(JSON.parse(stdout) as FdroidserverResult);
      },
    );
  });
}

/**
 * `jarsigner -strict -verify`'s exit code: 4 is "verified, self-signed", what F-Droid
 * requires. `securityProperties`: a java.security override file, as fdroidserver
 * passes for index-v1.jar (SHA-1) with `jdk.jar.disabledAlgorithms=MD2, RSA keySize < 1024`.
 */
export function jarsignerVerify(jar: string, securityProperties?: string): number {
  const args = ['-strict', '-verify', jar];
  if (securityProperties) args.unshift(`-J-Djava.security.properties=${securityProperties}`);
  const r = spawnSync('jarsigner', args, { encoding: 'utf8' });
  return r.status ?? -1;
}
