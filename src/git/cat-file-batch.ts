import { runGit } from './run-git.js';

/**
 * `git cat-file --batch` for each object name (a blob id, or `<commit>:<path>`):
 * one process however many names. The one parser of its output. Names git
 * reports `missing` or `ambiguous`, and objects that are not blobs, are left out;
 * a name with a newline cannot be written on a batch line and is left out too.
 */
export async function readBlobs(
  repo: string,
  names: readonly string[],
): Promise<Map<string, Uint8Array>> {
  const unique = [...new Set(names)].filter((name) => !name.includes('\n'));
  const result = new Map<string, Uint8Array>();
  if (unique.length === 0) return result;
  const out = (
    await runGit(['cat-file', '--batch'], {
      cwd: repo,
      input: unique.map((name) => `${name}\n`).join(''),
    })
  ).stdout;
  let offset = 0;
  for (const name of unique) {
    const eol = out.indexOf(0x0a, offset);
    if (eol < 0) break;
    // `<oid> SP <type> SP <size> LF <contents> LF`, or `<name> SP missing LF`.
    const header = /^[0-9a-f]+ (\w+) (\d+)$/.exec(out.subarray(offset, eol).toString('utf8'));
    offset = eol + 1;
    if (header === null) continue;
    const size = Number(header[2]);
    if (header[1] === 'blob') result.set(name, new Uint8Array(out.subarray(offset, offset + size)));
    offset += size + 1;
  }
  return result;
}
