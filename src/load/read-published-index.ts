import { runGit } from '../git/run-git.js';
import { CONTENT_INDEX_PATH } from '../site/content-index-path.js';

/**
 * Past this size a published index is not read (a validate without it is
 * right, only slower). The synthetic fleet of 43,600 files gives 20 MiB.
 */
export const MAX_PUBLISHED_INDEX_BYTES = 128 * 1024 * 1024;

/**
 * The content index that the site commit `siteCommit` (a commit of the Pages
 * branch, which only publishing writes) carries, as text for
 * `validateRepository`'s `publishedIndex`; undefined when `siteCommit` names
 * no commit (nothing published yet), or it carries none, or one over the size
 * bound or not UTF-8. Whether its code and limits are this
 * run's is the loader's to judge (src/load/content-index.ts).
 */
export async function readPublishedIndex(
  repo: string,
  siteCommit: string,
): Promise<string | undefined> {
  const resolved = await runGit(
    ['rev-parse', '--verify', '--quiet', '--end-of-options', `${siteCommit}^{commit}`],
    { cwd: repo, allowExit: [1] },
  );
  const commit = resolved.stdout.toString('utf8').trim();
  if (resolved.exitCode !== 0 || commit === '') return undefined;
  const listed = await runGit(['ls-tree', '-l', '-z', commit, '--', CONTENT_INDEX_PATH], {
    cwd: repo,
  });
  // `<mode> blob <id> <size>\t<path>`
  const match = /^100644 blob ([0-9a-f]+) +(\d+)\t/.exec(listed.stdout.toString('utf8'));
  if (match === null) return undefined;
  if (Number(match[2]) > MAX_PUBLISHED_INDEX_BYTES) return undefined;
  const blob = await runGit(['cat-file', 'blob', match[1]!], { cwd: repo });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(blob.stdout);
  } catch (error) {
    if (error instanceof TypeError) return undefined; // not UTF-8: not an index gitota wrote
    throw error;
  }
}
