/**
 * The site as currently published (empty on a first build): what formats and
 * signing read back so that versions and timestamps only grow. It is data, read
 * at the edge (from the site branch, before formats and TUF run): nothing
 * behind `read` touches git or the disk.
 */
export interface PreviousSite {
  read(sitePath: string): Uint8Array | undefined;
}

export const EMPTY_SITE: PreviousSite = { read: () => undefined };

/** A previous site made of files already read. */
export function previousSiteFrom(files: ReadonlyMap<string, Uint8Array>): PreviousSite {
  return { read: (sitePath) => files.get(sitePath) };
}
