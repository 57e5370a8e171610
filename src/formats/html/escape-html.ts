/**
 * Everything the pages show comes from contributors' YAML, so every text and
 * attribute goes through these two functions: nothing else builds markup from content.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or attribute value → HTML that shows exactly that text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A contributor-given link, or undefined when it is not a plain http(s) URL: a
 * `javascript:` or `data:` link would run in the site's origin when clicked.
 */
export function safeExternalUrl(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
}

/** `<a href>` for a contributor-given URL, or just its text when it is not safe to link. */
export function renderExternalLink(url: string, text: string = url): string {
  const safe = safeExternalUrl(url);
  return safe === undefined
    ? escapeHtml(text)
    : `<a href="${escapeHtml(safe)}" rel="nofollow noopener">${escapeHtml(text)}</a>`;
}
