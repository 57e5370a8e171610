import type { Release } from '../../model/types.js';
import type { RenderContext } from '../format.js';
import { isIncremental, rolloutPercentAt } from '../visible-builds.js';
import { renderDownload } from './download-link.js';
import { escapeHtml } from './escape-html.js';
import { formatSize, renderTime } from './page-values.js';

/** One build of the history: its state told as it is (a paused, pulled or staged build says so, and who gets it). */
export function renderBuild(
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
<h4>${escapeHtml(release.version)} · ${renderTime(release.datetime)} <span class="state state-${state.kind}">${escapeHtml(state.label)}</span></h4>
${state.note === undefined ? '' : `<p>${escapeHtml(state.note)}</p>\n`}<dl class="facts">
<dt>File</dt><dd>${download}</dd>
<dt>Size</dt><dd>${escapeHtml(formatSize(release.size))}</dd>
<dt>SHA-256</dt><dd class="hash">${escapeHtml(release.sha256)}</dd>
<dt>Built</dt><dd>${renderTime(release.datetime, true)}</dd>
<dt>Security patch</dt><dd>${escapeHtml(release.os_patch_level)} · SDK ${release.os_sdk_level}</dd>
</dl>${changelog}
</article>`;
}

export interface BuildState {
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
