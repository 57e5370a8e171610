import type { AppMetadata, AppVersion, Content } from '../../model/types.js';
import type { RenderContext } from '../format.js';
import { FDROID_REPO_PAGE, renderAddRepository } from './fdroid-address.js';
import { renderDownload } from './download-link.js';
import { escapeHtml, renderExternalLink } from './escape-html.js';
import { renderPage } from './page-layout.js';
import { formatSize, renderTime } from './page-values.js';

export { appPagePath } from '../../site/site-paths.js';

/** A string field of F-Droid metadata (kept as parsed), or undefined. */
export function metadataText(app: AppMetadata, field: string): string | undefined {
  const value = app.metadata[field];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The name F-Droid shows: `Name`, else `AutoName`, else the application id. */
export function appDisplayName(app: AppMetadata): string {
  return metadataText(app, 'Name') ?? metadataText(app, 'AutoName') ?? app.id;
}

const LINK_FIELDS: ReadonlyArray<[string, string]> = [
  ['WebSite', 'Website'],
  ['SourceCode', 'Source code'],
  ['IssueTracker', 'Issue tracker'],
  ['Changelog', 'Changelog'],
  ['Translation', 'Translation'],
  ['Donate', 'Donate'],
];

/** One app: its F-Droid metadata, how to add this repository, and the versions with downloads. */
export function renderAppPage(content: Content, app: AppMetadata, ctx: RenderContext): string {
  const root = '../';
  const name = appDisplayName(app);
  const summary = metadataText(app, 'Summary');
  const description = metadataText(app, 'Description');
  const categories = app.metadata.Categories;
  const facts: string[] = [`<dt>Application id</dt><dd><code>${escapeHtml(app.id)}</code></dd>`];
  const license = metadataText(app, 'License');
  if (license !== undefined) facts.push(`<dt>Licence</dt><dd>${escapeHtml(license)}</dd>`);
  const author = metadataText(app, 'AuthorName');
  if (author !== undefined) facts.push(`<dt>Author</dt><dd>${escapeHtml(author)}</dd>`);
  if (Array.isArray(categories) && categories.length > 0) {
    facts.push(
      `<dt>Categories</dt><dd>${categories.map((c) => escapeHtml(String(c))).join(', ')}</dd>`,
    );
  }
  for (const [field, label] of LINK_FIELDS) {
    const url = metadataText(app, field);
    if (url !== undefined) facts.push(`<dt>${label}</dt><dd>${renderExternalLink(url)}</dd>`);
  }
  const versions = [...(content.appVersions.find((v) => v.appId === app.id)?.versions ?? [])].sort(
    (a, b) => b.versionCode - a.versionCode,
  );
  const about =
    description === undefined
      ? ''
      : `<section aria-labelledby="about">\n<h2 id="about">About</h2>\n${renderParagraphs(description)}\n</section>`;
  const sections = [
    summary === undefined ? '' : `<p><strong>${escapeHtml(summary)}</strong></p>`,
    `<dl class="facts">\n${facts.join('\n')}\n</dl>`,
    about,
    renderRepositoryHowTo(ctx, root),
    `<section aria-labelledby="versions">
<h2 id="versions">Versions</h2>
${versions.length === 0 ? '<p>No versions are published yet.</p>' : versions.map((v) => renderVersion(v, ctx, root)).join('\n')}
</section>`,
  ];
  const main = [`<h1>${escapeHtml(name)}</h1>`, ...sections.filter((part) => part !== '')].join(
    '\n',
  );
  return renderPage({
    siteTitle: content.config.site.title,
    title: name,
    root,
    main,
    trail: ' › Apps',
  });
}

/** Blank lines separate paragraphs; single newlines stay line breaks. Everything escaped. */
function renderParagraphs(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

function renderRepositoryHowTo(ctx: RenderContext, root: string): string {
  return renderAddRepository(ctx, {
    qr: false,
    footer: `<p><a href="${root}${FDROID_REPO_PAGE}">The repository's page</a> has a QR code to scan, and every app it serves.</p>`,
  });
}

function renderVersion(version: AppVersion, ctx: RenderContext, root: string): string {
  const channel = version.releaseChannels?.length
    ? ` <span class="state state-rollout">${escapeHtml(version.releaseChannels.join(', '))}</span>`
    : '';
  return `<article class="card" id="version-${version.versionCode}">
<h3>${escapeHtml(version.versionName)} <span class="muted">(${version.versionCode})</span>${channel}</h3>
<dl class="facts">
<dt>File</dt><dd>${renderDownload(ctx, version, version.apkName, root)}</dd>
<dt>Size</dt><dd>${escapeHtml(formatSize(version.size))}</dd>
<dt>SHA-256</dt><dd class="hash">${escapeHtml(version.sha256)}</dd>
<dt>Added</dt><dd>${renderTime(version.added)}</dd>
<dt>Android</dt><dd>${escapeHtml(sdkRange(version))}</dd>
</dl>
</article>`;
}

function sdkRange(v: AppVersion): string {
  const max = v.maxSdkVersion === undefined ? '' : `, at most SDK ${v.maxSdkVersion}`;
  return `SDK ${v.minSdkVersion} or newer${max} (targets ${v.targetSdkVersion})`;
}
