import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOW, sampleContent, sampleContext } from '../../../test/fixtures/formats/html/content.js';
import { escapeHtml, safeExternalUrl } from './escape-html.js';
import { renderHtmlPages } from './html-format.js';
import { formatSize } from './page-values.js';

const GOLDEN = join(import.meta.dirname, '../../../test/fixtures/formats/html/expected');
const decode = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('html format', () => {
  const content = sampleContent();
  const files = renderHtmlPages(content, sampleContext(content));
  const page = (path: string) => decode(files.find((f) => f.path === path)?.bytes);

  it('renders exactly the golden pages, byte for byte', () => {
    const golden = readdirSync(GOLDEN, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(GOLDEN, join(e.parentPath, e.name)))
      .sort();
    expect(files.map((f) => f.path)).toEqual(golden);
    for (const file of files)
      expect(decode(file.bytes), file.path).toBe(readFileSync(join(GOLDEN, file.path), 'utf8'));
  });

  it('renders the same bytes twice (no clock, no randomness)', () => {
    const again = renderHtmlPages(sampleContent(), sampleContext(sampleContent()));
    expect(again.map((f) => decode(f.bytes))).toEqual(files.map((f) => decode(f.bytes)));
  });

  it('escapes contributor text and refuses script links', () => {
    const all = files.map((f) => decode(f.bytes)).join('\n');
    expect(all).not.toContain('<script');
    expect(all).not.toContain('<img');
    expect(all).not.toContain('href="javascript:');
    expect(page('devices/sailfish.html')).toContain(
      '<h1>Pixel &lt;script&gt;alert(1)&lt;/script&gt;</h1>',
    );
    expect(page('apps/org.example.app.html')).toContain(
      '<dt>Source code</dt><dd>javascript:alert(1)</dd>',
    );
  });

  it('loads nothing from anywhere: no script, no external stylesheet, image or font', () => {
    for (const file of files) {
      const html = decode(file.bytes);
      expect(html, file.path).not.toMatch(
        /<(script|link|img|iframe|object|embed|video|audio|source)\b/i,
      );
      // Escaped contributor text may say `src=`; real markup is the only place a `<` appears.
      expect(html, file.path).not.toMatch(/<[^>]*\s(src|srcset|background|poster)=|url\(|@import/i);
      expect(html, file.path).toContain(
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
      );
    }
  });

  it('shows each build state as it is and offers no download of a pulled build', () => {
    const bacon = page('devices/bacon.html');
    expect(bacon).toContain('state-pulled">Pulled');
    expect(bacon).toContain('state-paused">Paused');
    expect(bacon).toContain('state-rollout">Rollout 25%');
    expect(bacon).toContain('state-incremental">Incremental');
    expect(bacon).not.toContain('href="https://mirror.example/bacon/lineage-21.0-b5.zip"');
    // A file the site publishes is linked relatively; the stable build comes after nightly.
    expect(bacon).toContain('href="../builds/bacon/lineage-21.0-b2-bacon.zip"');
    expect(bacon.indexOf('nightly builds')).toBeLessThan(bacon.indexOf('stable builds'));
    // Newest first within a romtype.
    expect(bacon.indexOf('id="build-b6"')).toBeLessThan(bacon.indexOf('id="build-b1"'));
  });

  it('a LineageOS device page leads with the latest build of each channel, then the setprop line, then history', () => {
    const bacon = page('devices/bacon.html');
    const latest = bacon.slice(bacon.indexOf('id="latest"'), bacon.indexOf('id="updater"'));
    // nightly: b6 is incremental, b5 pulled, b4 paused, so b3 (rollout 25%) is what devices get.
    expect(latest).toContain(
      '<h3>nightly <span class="state state-rollout">Rollout 25%</span></h3>',
    );
    expect(latest).toContain('href="https://mirror.example/bacon/lineage-21.0-b3.zip"');
    expect(latest).toContain('<dt>Security patch</dt><dd>2025-02-05</dd>');
    expect(latest).toContain('href="../builds/bacon/lineage-21.0-b2-bacon.zip"');
    expect(latest).not.toContain('b4.zip');
    expect(bacon).toContain(
      'adb shell setprop lineage.updater.uri https://ota.example/site/api/v2/devices/bacon/builds.json</code>',
    );
    expect(bacon).toContain(
      'adb shell setprop lineage.updater.uri &#39;https://ota.example/site/api/v1/bacon/{type}.json&#39;',
    );
    expect(bacon.indexOf('id="updater"')).toBeLessThan(bacon.indexOf('id="history"'));
  });

  it('shows bidi controls as text, so contributor text cannot reorder the page', () => {
    const all = files.map((f) => decode(f.bytes)).join('\n');
    expect(all).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(page('devices/bacon.html')).toContain(
      'Fixes [U+202E]txt.exe[U+202C] and [U+2066]isolated[U+2069] text',
    );
  });

  it('a rollout step reached later changes the page', () => {
    const later = renderHtmlPages(content, { ...sampleContext(content), now: NOW + 2 * 86400 });
    expect(decode(later.find((f) => f.path === 'devices/sailfish.html')?.bytes)).toContain(
      'Rollout 50%',
    );
  });

  it("the index names each device's latest build, so a newer build changes its device page and the index only", () => {
    const more = sampleContent();
    more.releases.push({
      ...more.releases[0]!,
      id: 'b9',
      file: 'releases/bacon/b9.yaml',
      datetime: NOW - 60,
      sha256: '9'.repeat(64),
    });
    const after = renderHtmlPages(more, sampleContext(more));
    const changed = after
      .filter((f, i) => decode(f.bytes) !== decode(files[i]?.bytes))
      .map((f) => f.path);
    expect(changed).toEqual(['devices/bacon.html', 'index.html']);
    expect(decode(after.find((f) => f.path === 'index.html')?.bytes)).toContain(
      'nightly <strong>21.0</strong> · <time datetime="2025-02-28T23:59:00Z">2025-02-28</time>;',
    );
  });

  it('omits the F-Droid address while no certificate is configured', () => {
    const ctx = sampleContext(content);
    const noCert = { ...ctx, fdroidCertificate: new Uint8Array(0) };
    const html = decode(
      renderHtmlPages(content, noCert).find((f) => f.path === 'apps/org.example.app.html')?.bytes,
    );
    expect(html).not.toContain('fingerprint=');
    expect(page('apps/org.example.app.html')).toMatch(/fdroid\/repo\?fingerprint=[0-9A-F]{64}</);
  });
});

describe('page helpers', () => {
  it('shows bidi controls as their code points', () => {
    expect(escapeHtml('a\u202Eb\u2069c\u200Fd')).toBe('a[U+202E]b[U+2069]c\u200Fd');
  });

  it('escapes the five characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
  it('links only http(s) URLs', () => {
    expect(safeExternalUrl('https://example.org/a b')).toBe('https://example.org/a%20b');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      'not a url',
      '//evil.example/',
    ]) {
      expect(safeExternalUrl(bad), bad).toBeUndefined();
    }
  });
  it('formats sizes exactly', () => {
    expect(formatSize(999)).toBe('999 bytes');
    expect(formatSize(1536)).toBe('1.50 KiB (1,536 bytes)');
    expect(formatSize(1234567890)).toBe('1.15 GiB (1,234,567,890 bytes)');
  });
});
