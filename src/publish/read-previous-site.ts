import { FORMATS } from '../formats/index.js';
import { readSiteFiles, type SiteTree } from '../git/site-tree.js';
import { previousSiteFrom, type PreviousSite } from '../site/previous-site.js';
import { isMetadataPath } from '../tuf/layout.js';

/** Whether a format or the signer reads this file of the previous site back. */
export function isReadBack(sitePath: string): boolean {
  return isMetadataPath(sitePath) || FORMATS.some((f) => f.readsPrevious?.(sitePath) === true);
}

/**
 * The published site as formats and signing see it, read at the edge: every
 * file they declare they read back, in one `git cat-file --batch`. Nothing is
 * read later, so rendering and signing never run git.
 */
export async function previousSiteOf(repo: string, tree: SiteTree): Promise<PreviousSite> {
  return previousSiteFrom(await readSiteFiles(repo, tree, (path) => isReadBack(path)));
}
