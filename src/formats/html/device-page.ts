import type { Content, Device, Release } from '../../model/types.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { RenderContext } from '../format.js';
import { manifestPath } from '../../site/site-paths.js';
import { channelsOf } from '../lineage-v1.js';
import { isIncremental, releasesOf, rolloutPercentAt } from '../visible-builds.js';
import { renderDownload } from './download-link.js';
import { escapeHtml } from './escape-html.js';
import { renderPage } from './page-layout.js';
import { formatSize, renderTime } from './page-values.js';

export { devicePagePath } from '../../site/site-paths.js';

/**
 * One device: its builds by romtype, newest first, each with its state told as it
 * is (a paused, pulled or staged build says so, and says who gets it); then how to
 * point a phone at this site.
 */
export function renderDevicePage(content: Content, device: Device, ctx: RenderContext): string {
  const root = '../';
  const releases = releasesOf(content, device.model);
  const romtypes = [...new Set(releases.map((r) => r.romtype))].sort(compareStrings);
  const sections = romtypes.map((romtype) => {
    const builds = releases
      .filter((r) => r.romtype === romtype)
      .map((r) => renderBuild(r, releases, ctx, root));
    return `<section aria-labelledby="romtype-${escapeHtml(romtype)}">
<h2 id="romtype-${escapeHtml(romtype)}">${escapeHtml(romtype)} builds</h2>
${builds.join('\n')}
</section>`;
  });
  const main = `<h1>${escapeHtml(device.name)}</h1>
<p>${escapeHtml(device.oem)} · codename <code>${escapeHtml(device.model)}</code></p>
${sections.length > 0 ? sections.join('\n') : '<p>No builds are published for this device yet.</p>'}
${renderUpdaterHowTo(content, device, ctx)}`;
  return renderPage({
    siteTitle: content.config.site.title,
    title: `${device.oem} ${device.name} (${device.model})`,
    root,
    main,
    trail: ` › ${escapeHtml(device.oem)}`,
  });
}

function renderUpdaterHowTo(content: Content, device: Device, ctx: RenderContext): string {
  const v1 = `${ctx.baseUrl}api/v1/{device}/{type}.json`;
  const v2 = `${ctx.baseUrl}api/v2/devices/{device}/builds.json`;
  const manifests = channelsOf(content, device.model).map(
    (c) => `<code>${escapeHtml(ctx.baseUrl + manifestPath(device.model, c))}</code>`,
  );
  return `<section aria-labelledby="updater" class="card">
<h2 id="updater">Point a phone at this site</h2>
<p>Build the ROM with the system property <code>lineage.updater.uri</code> set to one of these; the Updater app fills in <code>{device}</code> and <code>{type}</code> itself:</p>
<dl class="facts">
<dt>LineageOS Updater (API v1)</dt><dd><code>${escapeHtml(v1)}</code></dd>
<dt>LineageOS Updater (API v2)</dt><dd><code>${escapeHtml(v2)}</code></dd>
${manifests.length > 0 ? `<dt>gitota client manifests</dt><dd>${manifests.join('<br>')}</dd>\n` : ''}</dl>
<p class="muted">The stock Updater app sees a build only once it is published to every device (staged rollouts at 100%) and never sees incremental zips; gitota's own client reads the manifests and follows rollouts.</p>
</section>`;
}

function renderBuild(
  release: Release,
  siblings: readonly Release[],
  ctx: RenderContext,
  root: string,
): string {
  const state = describeState(release, siblings, ctx.now);
  const download =
    release.status === 'pulled'
      ? `<code>${escapeHtml(release.filename)}</code> <span class="muted">(pulled: not offered for download)</span>`
      : renderDownload(ctx, release, release.filename, root);
  const changelog =
    release.changelog === undefined
      ? ''
      : `\n<div class="changelog">${escapeHtml(release.changelog.trimEnd())}</div>`;
  return `<article class="card" id="build-${escapeHtml(release.id)}">
<h3>${escapeHtml(release.version)} · ${renderTime(release.datetime)} <span class="state state-${state.kind}">${escapeHtml(state.label)}</span></h3>
${state.note === undefined ? '' : `<p>${escapeHtml(state.note)}</p>\n`}<dl class="facts">
<dt>File</dt><dd>${download}</dd>
<dt>Size</dt><dd>${escapeHtml(formatSize(release.size))}</dd>
<dt>SHA-256</dt><dd class="hash">${escapeHtml(release.sha256)}</dd>
<dt>Built</dt><dd>${renderTime(release.datetime, true)}</dd>
<dt>Security patch</dt><dd>${escapeHtml(release.os_patch_level)} · SDK ${release.os_sdk_level}</dd>
</dl>${changelog}
</article>`;
}

interface BuildState {
  kind: 'published' | 'rollout' | 'paused' | 'pulled' | 'incremental';
  label: string;
  note?: string;
}

/** What the build's state means for devices, at the render time. */
export function describeState(
  release: Release,
  siblings: readonly Release[],
  now: number,
): BuildState {
  if (release.status === 'pulled')
    return { kind: 'pulled', label: 'Pulled', note: 'Withdrawn: no device is offered this build.' };
  if (release.status === 'paused')
    return { kind: 'paused', label: 'Paused', note: 'Not offered to any device while paused.' };
  if (isIncremental(release)) {
    const from = siblings.find((r) => r.id === release.from);
    const fromText =
      from === undefined
        ? (release.from ?? '')
        : `${from.version} (${new Date(from.datetime * 1000).toISOString().slice(0, 10)})`;
    return {
      kind: 'incremental',
      label: 'Incremental',
      note: `Delta update from build ${fromText}; offered by gitota's client to devices running that build, never listed for the stock Updater app.`,
    };
  }
  if (release.rollout === undefined) return { kind: 'published', label: 'Published' };
  const percent = rolloutPercentAt(release.rollout, now);
  if (percent >= 100) return { kind: 'published', label: 'Published' };
  const steps = release.rollout.steps ?? [
    { percent: release.rollout.percent, start: release.rollout.start ?? 0 },
  ];
  const next = steps.filter((s) => s.start > now).sort((a, b) => a.start - b.start)[0];
  const nextText =
    next === undefined
      ? ''
      : ` Next step: ${next.percent}% from ${new Date(next.start * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC.`;
  return {
    kind: 'rollout',
    label: percent === 0 ? 'Scheduled' : `Rollout ${percent}%`,
    note: `Staged rollout: offered to ${percent}% of devices running gitota's client; the stock Updater app sees it at 100%.${nextText}`,
  };
}
