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

/**
 * The bidi embedding, override and isolate controls (U+202A–202E, U+2066–2069).
 * A character reference would still be decoded into the control, so they are
 * shown as visible text instead: contributor text cannot reorder what the page shows.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Text or attribute value → HTML that shows exactly that text (a bidi control as `[U+202E]`). */
export function escapeHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
    .replace(
      BIDI_CONTROLS,
      (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`,
    );
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
