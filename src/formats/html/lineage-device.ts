import type { Content, Device, Release } from '../../model/types.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { RenderContext } from '../format.js';
import { manifestPath } from '../../site/site-paths.js';
import { channelsOf } from '../lineage-v1.js';
import { isIncremental, isOffered, releasesOf } from '../visible-builds.js';
import { describeState, renderBuild } from './build-card.js';
import { renderDownload } from './download-link.js';
import { escapeHtml } from './escape-html.js';
import { formatSize, renderTime } from './page-values.js';
import { shellQuote } from './shell-quote.js';

/**
 * A LineageOS device's part of its page: the latest build of each channel, then how
 * to point the Updater app here (the exact `adb shell setprop` line), then every
 * build by channel, newest first.
 */
export function renderLineageSections(
  content: Content,
  device: Device,
  ctx: RenderContext,
  root: string,
): string {
  const releases = releasesOf(content, device.model);
  const romtypes = [...new Set(releases.map((r) => r.romtype))].sort(compareStrings);
  const latest = romtypes.map((romtype) =>
    renderLatest(
      romtype,
      releases.filter((r) => r.romtype === romtype),
      releases,
      ctx,
      root,
    ),
  );
  const history = romtypes.map((romtype) => {
    const builds = releases
      .filter((r) => r.romtype === romtype)
      .map((r) => renderBuild(r, releases, ctx, root));
    return `<section aria-labelledby="romtype-${escapeHtml(romtype)}">
<h3 id="romtype-${escapeHtml(romtype)}">${escapeHtml(romtype)} builds</h3>
${builds.join('\n')}
</section>`;
  });
  const latestPart =
    latest.length === 0
      ? '<p>No builds are published for this device yet.</p>'
      : `<section aria-labelledby="latest">
<h2 id="latest">Latest builds</h2>
<div class="latest">
${latest.join('\n')}
</div>
</section>`;
  const historyPart =
    history.length === 0
      ? ''
      : `\n<section aria-labelledby="history">
<h2 id="history">All builds</h2>
${history.join('\n')}
</section>`;
  return `${latestPart}
${renderUpdaterHowTo(content, device, ctx)}${historyPart}`;
}

/**
 * The build a device on this channel is offered now: the newest published full
 * build whose rollout has started (a staged one says how far it is).
 */
export function latestOffered(releases: readonly Release[], now: number): Release | undefined {
  return releases.find((r) => !isIncremental(r) && isOffered(r, now));
}

function renderLatest(
  romtype: string,
  releases: readonly Release[],
  siblings: readonly Release[],
  ctx: RenderContext,
  root: string,
): string {
  const release = latestOffered(releases, ctx.now);
  if (release === undefined) {
    return `<article class="card">
<h3>${escapeHtml(romtype)}</h3>
<p>No build is offered on this channel now (see its builds below).</p>
</article>`;
  }
  const state = describeState(release, siblings, ctx.now);
  return `<article class="card">
<h3>${escapeHtml(romtype)} <span class="state state-${state.kind}">${escapeHtml(state.label)}</span></h3>
<dl class="facts">
<dt>Version</dt><dd>${escapeHtml(release.version)}</dd>
<dt>Date</dt><dd>${renderTime(release.datetime)}</dd>
<dt>Size</dt><dd>${escapeHtml(formatSize(release.size))}</dd>
<dt>Security patch</dt><dd>${escapeHtml(release.os_patch_level)}</dd>
<dt>Download</dt><dd>${renderDownload(ctx, release, release.filename, root)}</dd>
</dl>
<p class="muted"><a href="#build-${escapeHtml(release.id)}">Checksum and details</a></p>
</article>`;
}

function renderUpdaterHowTo(content: Content, device: Device, ctx: RenderContext): string {
  const v2 = `${ctx.baseUrl}api/v2/devices/${device.model}/builds.json`;
  const v1 = `${ctx.baseUrl}api/v1/${device.model}/{type}.json`;
  const manifests = channelsOf(content, device.model).map(
    (c) => `<code>${escapeHtml(ctx.baseUrl + manifestPath(device.model, c))}</code>`,
  );
  return `<section aria-labelledby="updater" class="card">
<h2 id="updater">Point the Updater app at this site</h2>
<p>With USB debugging on and a build that allows <code>adb root</code>, run on a computer:</p>
<pre class="command"><code>adb root
adb shell setprop lineage.updater.uri ${escapeHtml(shellQuote(v2))}</code></pre>
<p>Then open Settings › System › Updater and refresh. The property lasts until the phone restarts; a ROM built to use this site sets it in its device tree (<code>PRODUCT_SYSTEM_PROPERTIES += lineage.updater.uri=…</code>).</p>
<p>The Java-era Updater app reads the v1 API instead; it fills in <code>{type}</code> (the channel) itself:</p>
<pre class="command"><code>adb shell setprop lineage.updater.uri ${escapeHtml(shellQuote(v1))}</code></pre>
${manifests.length > 0 ? `<p>gitota's own client reads the signed manifests: ${manifests.join(', ')}.</p>\n` : ''}<p class="muted">The stock Updater app sees a build only once it is published to every device (staged rollouts at 100%) and never sees incremental zips; gitota's own client reads the manifests and follows rollouts.</p>
</section>`;
}
