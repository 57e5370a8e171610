import type { Content, Device } from '../../model/types.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { PreparedPack } from '../../packs/prepare-packs.js';
import type { RenderContext } from '../format.js';
import { escapeHtml } from './escape-html.js';
import { formatSize } from './page-values.js';
import { shellQuote } from './shell-quote.js';

/** The packs a Legato device takes: those naming its codename, and those naming no device. */
export function packsFor(ctx: RenderContext, device: Device): PreparedPack[] {
  return (ctx.packs ?? [])
    .filter((p) => p.targets.length === 0 || p.targets.includes(device.model))
    .sort((a, b) => compareStrings(a.id, b.id));
}

/** `packs/<sha256>.<id>.update`, the immutable copy the manifests link to, relative to `root`. */
export function packHref(pack: PreparedPack, root: string): string {
  return root + pack.immutablePath.split('/').map(encodeURIComponent).join('/');
}

/** A Legato device's part of its page: its packs (command, name, version, size, md5, download) and how to apply one. */
export function renderLegatoSections(
  content: Content,
  device: Device,
  ctx: RenderContext,
  root: string,
): string {
  const target = device.hardware?.['legato-target'];
  const packs = packsFor(ctx, device);
  const specs = content.packs.filter(
    (p) => (p.targets ?? []).length === 0 || (p.targets ?? []).includes(device.model),
  );
  const cards = packs.map(
    (pack) => `<article class="card" id="pack-${escapeHtml(pack.id)}">
<h3>${escapeHtml(pack.name)}${pack.version === undefined ? '' : ` ${escapeHtml(pack.version)}`} <span class="state state-published">${escapeHtml(pack.command)}</span></h3>
<dl class="facts">
<dt>Command</dt><dd><code>${escapeHtml(pack.command)}</code></dd>
<dt>Name</dt><dd>${escapeHtml(pack.name)}</dd>
<dt>Version</dt><dd>${pack.version === undefined ? '<span class="muted">none</span>' : escapeHtml(pack.version)}</dd>
<dt>Size</dt><dd>${escapeHtml(formatSize(pack.size))}</dd>
<dt>MD5</dt><dd class="hash">${pack.md5 === undefined ? '<span class="muted">none (no app or system payload)</span>' : escapeHtml(pack.md5)}</dd>
<dt>SHA-256</dt><dd class="hash">${escapeHtml(pack.sha256)}</dd>
<dt>Download</dt><dd><a class="download" href="${escapeHtml(packHref(pack, root))}" download="${escapeHtml(`${pack.id}.update`)}">${escapeHtml(`${pack.id}.update`)}</a></dd>
</dl>
</article>`,
  );
  const unbuilt =
    ctx.packs === undefined && specs.length > 0
      ? `<p class="muted">${specs.length} pack spec${specs.length === 1 ? '' : 's'} name this device; <code>gitota build</code> builds and publishes them.</p>`
      : '';
  const example = packs[0]?.id ?? 'PACK';
  return `<p>A Legato module${target === undefined ? '' : ` (target <code>${escapeHtml(target)}</code>)`}: it takes Legato update packs, not OTA zips.</p>
<section aria-labelledby="packs">
<h2 id="packs">Update packs</h2>
${cards.length === 0 ? `<p>No packs are published for this device yet.</p>${unbuilt}` : cards.join('\n')}
</section>
<section aria-labelledby="apply" class="card">
<h2 id="apply">Apply a pack</h2>
<p>Download it, copy it to the module and hand it to Legato's update daemon with the <code>update</code> tool (a system or firmware pack reboots the module):</p>
<pre class="command"><code>scp ${escapeHtml(shellQuote(`${example}.update`))} root@192.168.2.2:/tmp/
ssh root@192.168.2.2 /legato/systems/current/bin/update ${escapeHtml(shellQuote(`/tmp/${example}.update`))}</code></pre>
<p>Or let gitota's client choose and verify it against the site's signed metadata first:</p>
<pre class="command"><code>gitota check --url ${escapeHtml(shellQuote(ctx.baseUrl))} --trusted-root 1.root.json --legato ${escapeHtml(shellQuote(device.model))} --download packs/</code></pre>
</section>`;
}
