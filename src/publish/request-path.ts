/**
 * What a request for the static server names, read from the raw request
 * target and never from a URL parser's view of it: `new URL('//host/x', base)`
 * is another host, `\` is `/` to it, and a pathname such as `//api/v1` turned
 * into a `Location` sends the client off-site. Dot segments, plain or
 * percent-encoded, are resolved the way a browser resolves them (clamped at
 * the root), empty segments are dropped, and a segment that still holds a
 * separator after decoding names nothing.
 */

export interface RequestPath {
  /** Decoded names from the site root, none empty, `.` or `..`, none with `/`, `\` or NUL. */
  segments: string[];
  /** Whether the path ends in `/` (or in a dot segment, which a browser reads as a folder). */
  folder: boolean;
  /** `?...` as sent, percent-encoded where it was not printable ASCII or was `\`; '' without a query. */
  query: string;
}

/** The site path of an origin-form request target (`/a/b?q`), or undefined when it names nothing on the site. */
export function parseRequestPath(target: string): RequestPath | undefined {
  if (!target.startsWith('/')) return undefined;
  const end = target.search(/[?#]/);
  const path = end < 0 ? target : target.slice(0, end);
  const query =
    end < 0 || target[end] === '#'
      ? ''
      : target
          .slice(end)
          .replace(/#.*$/, '')
          .replace(/[^\x21-\x5b\x5d-\x7e]/gu, percentEncode);
  if (path.includes('\\')) return undefined;
  const segments: string[] = [];
  let folder = false;
  for (const raw of path.slice(1).split('/')) {
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    folder = name === '' || name === '.' || name === '..';
    if (name === '..') segments.pop();
    else if (name !== '' && name !== '.') {
      if (/[/\\\0]/.test(name)) return undefined;
      segments.push(name);
    }
  }
  return { segments, folder, query };
}

/** Where a folder asked for without its `/` redirects: always one `/` first, so always this site. */
export function folderLocation(path: RequestPath): string {
  return `/${path.segments.map((s) => `${s.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]/gu, percentEncode)}/`).join('')}${path.query}`;
}

/** UTF-8 percent-encoding that cannot throw (a lone surrogate becomes U+FFFD's bytes). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}
