import type { RenderContext } from '../format.js';
import { describeFdroidRepo } from '../fdroid.js';
import { escapeHtml } from './escape-html.js';
import { renderQrSvg } from './qr-svg.js';

/** The page the address users add opens. */
export const FDROID_REPO_PAGE = 'fdroid/repo/index.html';

export interface FdroidAddresses {
  /** `https://HOST/…/fdroid/repo?fingerprint=FPR`: what F-Droid's "add repository" takes. */
  address: string;
  /** The same with the scheme F-Droid registers (`fdroidrepos://`, or `fdroidrepo://` for http). */
  appLink: string;
  /** Upper-case hex, no separators. */
  fingerprint: string;
}

/** The addresses of this site's F-Droid repository, or undefined while no certificate is configured. */
export function fdroidAddresses(ctx: RenderContext): FdroidAddresses | undefined {
  // No certificate configured yet: without one there is no fingerprint to pin.
  if (ctx.fdroidCertificate.length === 0) return undefined;
  const { address, fingerprint } = describeFdroidRepo(ctx);
  const appLink = address
    .replace(/^https:\/\//, 'fdroidrepos://')
    .replace(/^http:\/\//, 'fdroidrepo://');
  return { address, appLink, fingerprint };
}

/** `AB12…` → `AB 12 …`, as `fdroid update` and the F-Droid app show a fingerprint. */
export function groupFingerprint(fingerprint: string): string {
  return fingerprint.replace(/(..)(?!$)/g, '$1 ');
}

/** The "add this repository" card: QR code, app link, address and fingerprint. Shared with the app pages. */
export function renderAddRepository(
  ctx: RenderContext,
  options: { qr: boolean; footer?: string },
): string {
  const addresses = fdroidAddresses(ctx);
  if (addresses === undefined)
    return '<p class="muted">The repository has no signing certificate configured yet, so there is no address to add.</p>';
  const { address, appLink, fingerprint } = addresses;
  const qr = !options.qr ? undefined : renderQrSvg(appLink, `QR code of ${appLink}`);
  const qrPart =
    qr === undefined
      ? ''
      : `<figure class="qr">${qr}<figcaption>Scan with the phone's camera or in F-Droid (Settings › Repositories › + › scan).</figcaption></figure>\n`;
  return `<section aria-labelledby="add-repo" class="card">
<h2 id="add-repo">Add this repository to F-Droid</h2>
${qrPart}<p><a class="download" href="${escapeHtml(appLink)}">Open in the F-Droid app</a> <span class="muted">(on a phone with F-Droid installed)</span></p>
<p>Or add the address by hand (Settings › Repositories › +):</p>
<p class="copy"><code>${escapeHtml(address)}</code></p>
<p>Fingerprint (SHA-256) of the repository's signing certificate, which F-Droid pins:</p>
<p class="copy"><code>${escapeHtml(groupFingerprint(fingerprint))}</code></p>
${options.footer === undefined ? '' : `${options.footer}\n`}</section>`;
}
