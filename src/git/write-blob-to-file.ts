import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { GitError, gitEnvironment } from './run-git.js';

/** Streams one blob into a file (`git cat-file blob`): a zip or pack never sits in memory whole. */
export async function writeBlobToFile(repo: string, blob: string, path: string): Promise<void> {
  const args = ['cat-file', 'blob', blob];
  const child = spawn('git', args, {
    cwd: repo,
    env: gitEnvironment(undefined),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) =>
      reject(new GitError('cannot run git cat-file', args, null, '', { cause: error })),
    );
    child.on('close', resolve);
  });
  await pipeline(child.stdout, createWriteStream(path));
  const code = await exited;
  if (code !== 0) {
    const stderr = Buffer.concat(err).toString('utf8');
    throw new GitError(`git cat-file blob ${blob} exited with ${String(code)}`, args, code, stderr);
  }
}
