/** UpdateCheckData: four `|`-separated parts, as checkupdates splits it (exactly four, or it fails). */
export interface UpdateCheckData {
  /** HTTP: the URL of the version code page. Tags: the file holding the version code (empty: the tag name). */
  codeSource: string;
  codePattern: string;
  /** `.`: the same document; empty (Tags): the tag name. */
  nameSource: string;
  namePattern: string;
}

export function parseUpdateCheckData(value: unknown): UpdateCheckData | string {
  if (typeof value !== 'string') return 'UpdateCheckData must be text';
  const parts = value.split('|');
  if (parts.length !== 4)
    return `UpdateCheckData has ${parts.length} part${parts.length === 1 ? '' : 's'}; checkupdates needs exactly four, url|regex|url|regex`;
  const [codeSource, codePattern, nameSource, namePattern] = parts as [
    string,
    string,
    string,
    string,
  ];
  return { codeSource, codePattern, nameSource, namePattern };
}

/** https, or http to this machine only (loopback stand-ins for upstreams; nothing else travels unencrypted). */
export function isFetchableUrl(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.protocol === 'https:') return url.hostname !== '';
    return (
      url.protocol === 'http:' &&
      (url.hostname === 'localhost' ||
        url.hostname === '[::1]' ||
        /^127\.\d+\.\d+\.\d+$/.test(url.hostname))
    );
  } catch {
    return false;
  }
}
