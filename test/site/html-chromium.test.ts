import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlPages } from '../../src/formats/html/html-format.js';
import { renderTomTom } from '../../src/formats/tomtom.js';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import { sampleContent, sampleContext } from '../fixtures/formats/html/content.js';
import { findChromium, skipWithout } from '../support/tools.js';

/**
 * The human pages in a real browser: built into a temp dir, served on 127.0.0.1,
 * opened in headless Chromium (the pages carry no script: html-format.test.ts checks
 * that; `--dump-dom` itself needs JavaScript on). Chromium may resolve no other host,
 * and its network log must show no request leaving 127.0.0.1.
 */

const chromium = findChromium();
const OUTPUT = join(import.meta.dirname, '../../test-output');

let site: string;
let server: StaticServer;

beforeAll(async () => {
  site = await mkdtemp(join(tmpdir(), 'gitota-html-'));
  server = await startStaticServer({ dir: site });
  const content = sampleContent(server.url);
  const ctx = sampleContext(content);
  for (const file of [...renderHtmlPages(content, ctx), ...renderTomTom(content, ctx)]) {
    await mkdir(dirname(join(site, file.path)), { recursive: true });
    await writeFile(join(site, file.path), file.bytes ?? '');
  }
  // The one build the site publishes itself (a stand-in zip), so its download link resolves.
  await mkdir(join(site, 'builds/bacon'), { recursive: true });
  await writeFile(join(site, 'builds/bacon/lineage-21.0-b2-bacon.zip'), 'stand-in zip\n');
});

afterAll(async () => {
  await server?.close();
  if (site) await rm(site, { recursive: true, force: true });
});

interface ChromiumRun {
  stdout: string;
  netLog: string;
}

async function runChromium(args: string[]): Promise<ChromiumRun> {
  const profile = await mkdtemp(join(tmpdir(), 'gitota-chromium-'));
  const netLogFile = join(profile, 'netlog.json');
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        chromium!,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-dev-shm-usage',
          '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
          `--log-net-log=${netLogFile}`,
          `--user-data-dir=${profile}`,
          ...args,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new Error(`chromium exited with ${code}: ${err.slice(-2000)}`));
      });
    });
    const netLog = await readFile(netLogFile, 'utf8').catch(() => '');
    return { stdout, netLog };
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

interface NetLog {
  constants: { logEventTypes: Record<string, number> };
  events: Array<{ type: number; params?: { url?: string; network_isolation_key?: string } }>;
}

/**
 * The requests the page made: jobs whose network isolation key is the page's site.
 * Chromium's own background requests (time, updates) carry no such key; the
 * host-resolver rules stop them anyway.
 */
function pageRequests(netLog: string, pageSite: string): string[] {
  const log = JSON.parse(netLog) as NetLog;
  const startJob = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter(
      (e) =>
        e.type === startJob &&
        e.params?.url !== undefined &&
        (e.params.network_isolation_key ?? '').includes(pageSite),
    )
    .map((e) => e.params!.url!);
}

function expectOnlyLoopback(run: ChromiumRun): void {
  const urls = pageRequests(run.netLog, 'http://127.0.0.1');
  expect(urls.length, 'the page itself was requested').toBeGreaterThan(0);
  for (const url of urls) expect(new URL(url).hostname, url).toBe('127.0.0.1');
}

describe('human pages in headless Chromium', () => {
  it('the index lists devices by OEM, apps and TomTom lists', async (ctx) => {
    skipWithout(ctx, chromium, 'chromium');
    const run = await runChromium(['--dump-dom', `${server.url}index.html`]);
    expect(run.stdout).toContain('<a href="devices/bacon.html">OnePlus One <code>bacon</code></a>');
    expect(run.stdout).toContain('Pixel &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(run.stdout).toContain('href="tomtom/fleet/update-locations"');
    expectOnlyLoopback(run);
  });

  it('a device page shows builds with sha256 and a working download link, and a phone screenshot', async (ctx) => {
    skipWithout(ctx, chromium, 'chromium');
    const page = `${server.url}devices/bacon.html`;
    const run = await runChromium(['--dump-dom', page]);
    expect(run.stdout).toContain(
      '2222222222222222222222222222222222222222222222222222222222222222',
    );
    expect(run.stdout).toContain('href="../builds/bacon/lineage-21.0-b2-bacon.zip"');
    expect(run.stdout).toContain(
      `adb shell setprop lineage.updater.uri ${server.url}api/v2/devices/bacon/builds.json`,
    );
    expect(run.stdout).toContain('Rollout 25%');
    expectOnlyLoopback(run);
    // The link resolves on the server, as the browser would follow it.
    const zip = await fetch(new URL('../builds/bacon/lineage-21.0-b2-bacon.zip', page));
    expect(zip.status).toBe(200);

    await mkdir(OUTPUT, { recursive: true });
    const shot = join(OUTPUT, 'device-page-phone.png');
    await rm(shot, { force: true });
    await runChromium([`--screenshot=${shot}`, '--window-size=390,844', '--hide-scrollbars', page]);
    expect((await stat(shot)).size).toBeGreaterThan(5000);
  });

  it('an app page shows metadata, versions and the F-Droid address, with the script link left as text', async (ctx) => {
    skipWithout(ctx, chromium, 'chromium');
    const page = `${server.url}apps/org.example.app.html`;
    const run = await runChromium(['--dump-dom', page]);
    expect(run.stdout).toContain('<h1>Example "App"</h1>');
    expect(run.stdout).toContain('href="../fdroid/repo/org.example.app_3.apk"');
    expect(run.stdout).toContain(`${server.url}fdroid/repo?fingerprint=`);
    expect(run.stdout).not.toContain('href="javascript:');
    expectOnlyLoopback(run);
    await mkdir(OUTPUT, { recursive: true });
    await runChromium([
      `--screenshot=${join(OUTPUT, 'app-page-phone.png')}`,
      '--window-size=390,844',
      '--hide-scrollbars',
      page,
    ]);
  });
});
