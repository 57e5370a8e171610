import { escapeHtml } from './escape-html.js';
import { PAGE_CSS } from './page-styles.js';

export interface PageParts {
  /** The site's title (gitota.yaml `site.title`). */
  siteTitle: string;
  /** This page's title; the index passes the site title. */
  title: string;
  /** Path from this page to the site root: `''`, `'../'`, …; the 404 page, served at any path, gives the absolute base URL. */
  root: string;
  /** Already-escaped markup of `<main>`. */
  main: string;
  /** Breadcrumb links under the site title (escaped markup), when not the index. */
  trail?: string;
}

/** A whole page: semantic, readable without scripts or styles, usable on a phone. */
export function renderPage(parts: PageParts): string {
  const title =
    parts.title === parts.siteTitle ? parts.title : `${parts.title} · ${parts.siteTitle}`;
  const nav = `<nav aria-label="Breadcrumb"><a href="${escapeHtml(parts.root)}index.html">${escapeHtml(parts.siteTitle)}</a>${parts.trail ?? ''}</nav>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gitota">
<title>${escapeHtml(title)}</title>
<style>
${PAGE_CSS}</style>
</head>
<body>
<header>
${nav}
</header>
<main>
${parts.main}
</main>
<footer>
<p>Built by gitota from a git repository: these pages, and the files devices read beside them, are static files.</p>
</footer>
</body>
</html>
`;
}
