import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_SITE, type OutputFile } from '../../src/formats/format.js';
import { renderFdroidRepo } from '../../src/fdroid/render-repo.js';
import { buildSignatureFiles, signPkcs7 } from '../../src/fdroid/jar-signature.js';
import { writeZip } from '../../src/fdroid/zip-writer.js';
import { startStaticServer, type StaticServer } from '../../src/publish/serve.js';
import { makeTestSigners } from '../support/keys.js';
import { findTool, hasFdroidserver, skipWithout } from '../support/tools.js';
import { smallFdroidContent } from './fdroid-content.js';
import { downloadWithFdroidserver, jarsignerVerify, writeFiles } from './fdroidserver.js';

const fdroidserver = hasFdroidserver();
const jarsigner = findTool('jarsigner');
const NOW = 1767225600; // 2026-01-01

describe('the F-Droid repository, read by Debian fdroidserver', () => {
  let dir: string;
  let server: StaticServer;
  let base: string;
  let files: OutputFile[];
  let fingerprint: string;
  const signer = makeTestSigners().fdroid;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gitota-fdroid-'));
    server = await startStaticServer({ dir });
    base = server.url;
    const out = renderFdroidRepo({
      content: smallFdroidContent(),
      baseUrl: base,
      now: NOW,
      signer,
      previous: EMPTY_SITE,
    });
    files = out.files;
    fingerprint = out.fingerprint;
    await writeFiles(dir, files);
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const bytesOf = (path: string): Uint8Array => {
    const f = files.find((x) => x.path === path);
    if (!f?.bytes) throw new Error(`no ${path}`);
    return f.bytes;
  };

  /** A copy of the repository with one file replaced, served under its own folder. */
  async function variant(name: string, replace: Record<string, Uint8Array>): Promise<string> {
    const variantDir = join(dir, name);
    await writeFiles(
      variantDir,
      files.filter((f) => f.path.startsWith('fdroid/repo/')),
    );
    for (const [path, bytes] of Object.entries(replace))
      await writeFile(join(variantDir, path), bytes);
    return `${base}${name}/fdroid/repo?fingerprint=${fingerprint}`;
  }

  it('download_repo_index_v2 verifies entry.jar, the fingerprint and the index sha256', async (ctx) => {
    skipWithout(ctx, fdroidserver, 'fdroidserver');
    const r = await downloadWithFdroidserver('v2', `${base}fdroid/repo?fingerprint=${fingerprint}`);
    if (!r.ok) throw new Error(r.error);
    const index = r.index as {
      repo: Record<string, unknown>;
      packages: Record<
        string,
        {
          metadata: Record<string, unknown>;
          versions: Record<string, { manifest: { versionCode: number } }>;
        }
      >;
    };
    expect(index.repo.address).toBe(`${base}fdroid/repo`);
    expect(index.repo.timestamp).toBe(NOW * 1000);
    expect(Object.keys(index.packages)).toEqual(['org.example.clock', 'org.example.notes']);
    const notes = index.packages['org.example.notes']!;
    expect(Object.values(notes.versions).map((v) => v.manifest.versionCode)).toEqual([4, 3]);
    expect(notes.metadata.name).toEqual({ 'en-US': 'Notes' });
    expect(Object.keys(index.repo.categories as object)).toEqual(['Clock', 'Note', 'Writing']);
    expect(Object.keys(index.repo.antiFeatures as object)).toEqual(['NonFreeNet']);
    expect(Object.keys(index.repo.releaseChannels as object)).toEqual(['Beta']);
  });

  it('the archive holds the versions the policy moved out, with its own signed index', async (ctx) => {
    skipWithout(ctx, fdroidserver, 'fdroidserver');
    const r = await downloadWithFdroidserver(
      'v2',
      `${base}fdroid/archive?fingerprint=${fingerprint}`,
    );
    if (!r.ok) throw new Error(r.error);
    const packages = r.index.packages as Record<
      string,
      { versions: Record<string, { manifest: { versionCode: number } }> }
    >;
    expect(Object.keys(packages)).toEqual(['org.example.notes']);
    expect(
      Object.values(packages['org.example.notes']!.versions).map((v) => v.manifest.versionCode),
    ).toEqual([2, 1]);
  });

  it('download_repo_index_v1 verifies index-v1.jar (SHA-1, as old clients need) and parses it', async (ctx) => {
    skipWithout(ctx, fdroidserver, 'fdroidserver');
    const r = await downloadWithFdroidserver('v1', `${base}fdroid/repo?fingerprint=${fingerprint}`);
    if (!r.ok) throw new Error(r.error);
    const index = r.index as {
      repo: Record<string, unknown>;
      apps: Array<Record<string, unknown>>;
      packages: Record<string, Array<Record<string, unknown>>>;
    };
    expect(index.repo.fingerprint).toBe(fingerprint);
    expect(index.apps.map((a) => a.packageName)).toEqual([
      'org.example.clock',
      'org.example.notes',
    ]);
    expect(index.packages['org.example.clock']![0]!['uses-permission']).toEqual([
      ['android.permission.INTERNET', null],
      ['android.permission.WAKE_LOCK', 25],
    ]);
  });

  it('a wrong fingerprint is refused', async (ctx) => {
    skipWithout(ctx, fdroidserver, 'fdroidserver');
    const wrong = fingerprint.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const r = await downloadWithFdroidserver('v2', `${base}fdroid/repo?fingerprint=${wrong}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/fingerprint does not match/);
    const v1 = await downloadWithFdroidserver('v1', `${base}fdroid/repo?fingerprint=${wrong}`);
    expect(v1.ok).toBe(false);
  });

  it('a changed byte of index-v2.json is refused', async (ctx) => {
    skipWithout(ctx, fdroidserver, 'fdroidserver');
    const index = Uint8Array.from(bytesOf('fdroid/repo/index-v2.json'));
    index[Math.floor(index.length / 2)]! ^= 0x01;
    const r = await downloadWithFdroidserver(
      'v2',
      await variant('tampered-index', { 'fdroid/repo/index-v2.json': index }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/SHA-256/);
  });

  it('a changed entry.json inside the jar is refused', async (ctx) => {
    skipWithout(ctx, fdroidserver, 'fdroidserver');
    const entry = Uint8Array.from(bytesOf('fdroid/repo/entry.json'));
    const { manifest, signatureFile } = buildSignatureFiles(
      [{ name: 'entry.json', data: entry }],
      'sha256',
    );
    const block = signPkcs7(signatureFile, signer, 'sha256');
    entry[entry.length - 2]! ^= 0x01;
    const jar = writeZip([
      { name: 'META-INF/MANIFEST.MF', data: manifest },
      { name: 'META-INF/GITOTA.SF', data: signatureFile },
      { name: 'META-INF/GITOTA.RSA', data: block },
      { name: 'entry.json', data: entry },
    ]);
    const r = await downloadWithFdroidserver(
      'v2',
      await variant('tampered-entry', { 'fdroid/repo/entry.jar': jar }),
    );
    expect(r.ok).toBe(false);
  });

  it('a changed byte of the certificate in the jar is refused (the fingerprint no longer matches)', async (ctx) => {
    skipWithout(ctx, fdroidserver, 'fdroidserver');
    const entry = bytesOf('fdroid/repo/entry.json');
    const { manifest, signatureFile } = buildSignatureFiles(
      [{ name: 'entry.json', data: entry }],
      'sha256',
    );
    const block = Uint8Array.from(signPkcs7(signatureFile, signer, 'sha256'));
    // Inside the certificate's subject name: the signature over the .SF still verifies.
    const at = Buffer.from(block).indexOf(Buffer.from('gitota test repository')) + 2;
    block[at]! ^= 0x01;
    const jar = writeZip([
      { name: 'META-INF/MANIFEST.MF', data: manifest },
      { name: 'META-INF/GITOTA.SF', data: signatureFile },
      { name: 'META-INF/GITOTA.RSA', data: block },
      { name: 'entry.json', data: entry },
    ]);
    const r = await downloadWithFdroidserver(
      'v2',
      await variant('tampered-cert', { 'fdroid/repo/entry.jar': jar }),
    );
    expect(r.ok).toBe(false);
  });

  describe('jarsigner -strict -verify', () => {
    const entryParts = (): {
      entry: Uint8Array;
      manifest: Uint8Array;
      sf: Uint8Array;
      block: Uint8Array;
    } => {
      const entry = bytesOf('fdroid/repo/entry.json');
      const { manifest, signatureFile } = buildSignatureFiles(
        [{ name: 'entry.json', data: entry }],
        'sha256',
      );
      return {
        entry,
        manifest,
        sf: signatureFile,
        block: signPkcs7(signatureFile, signer, 'sha256'),
      };
    };
    const jarOf = (
      p: { entry: Uint8Array; manifest: Uint8Array; sf: Uint8Array; block: Uint8Array },
      extra: Array<{ name: string; data: Uint8Array }> = [],
    ): Uint8Array =>
      writeZip([
        { name: 'META-INF/MANIFEST.MF', data: p.manifest },
        { name: 'META-INF/GITOTA.SF', data: p.sf },
        { name: 'META-INF/GITOTA.RSA', data: p.block },
        { name: 'entry.json', data: p.entry },
        ...extra,
      ]);
    const verify = async (name: string, jar: Uint8Array): Promise<number> => {
      const path = join(dir, `${name}.jar`);
      await writeFile(path, jar);
      return jarsignerVerify(path);
    };
    const flip = (bytes: Uint8Array, at: number): Uint8Array => {
      const copy = Uint8Array.from(bytes);
      copy[at]! ^= 0x01;
      return copy;
    };

    it('exits exactly 4 for entry.jar (signed, self-signed certificate), and the rebuilt jar is byte-identical', async (ctx) => {
      skipWithout(ctx, jarsigner, 'jarsigner');
      expect(jarsignerVerify(join(dir, 'fdroid/repo/entry.jar'))).toBe(4);
      expect(jarOf(entryParts())).toEqual(bytesOf('fdroid/repo/entry.jar'));
    });

    it('fails for a changed byte of entry.json, the manifest, the .SF or the .RSA, and for an added file', async (ctx) => {
      skipWithout(ctx, jarsigner, 'jarsigner');
      const p = entryParts();
      const cases: Array<[string, Uint8Array]> = [
        ['entry-first', jarOf({ ...p, entry: flip(p.entry, 0) })],
        ['entry-last', jarOf({ ...p, entry: flip(p.entry, p.entry.length - 1) })],
        ['manifest', jarOf({ ...p, manifest: flip(p.manifest, p.manifest.length - 10) })],
        ['sf', jarOf({ ...p, sf: flip(p.sf, p.sf.length - 10) })],
        ['rsa-signature', jarOf({ ...p, block: flip(p.block, p.block.length - 1) })],
        ['added-file', jarOf(p, [{ name: 'extra.json', data: new TextEncoder().encode('{}') }])],
      ];
      for (const [name, jar] of cases) {
        expect({ name, status: await verify(name, jar) }).not.toEqual({ name, status: 4 });
      }
    });

    it('index-v1.jar verifies once SHA-1 is allowed (as fdroidserver does for index-v1)', async (ctx) => {
      skipWithout(ctx, jarsigner, 'jarsigner');
      const properties = join(dir, 'java.security');
      await writeFile(properties, 'jdk.jar.disabledAlgorithms=MD2, RSA keySize < 1024\n');
      expect(jarsignerVerify(join(dir, 'fdroid/repo/index-v1.jar'), properties)).toBe(4);
      // Without the override, JDK 17 treats a SHA-1 jar as unsigned: that is why entry.jar uses SHA-256.
      expect(jarsignerVerify(join(dir, 'fdroid/repo/index-v1.jar'))).not.toBe(4);
      const { manifest } = buildSignatureFiles(
        [{ name: 'index-v1.json', data: bytesOf('fdroid/repo/index-v1.json') }],
        'sha1',
      );
      expect(new TextDecoder().decode(manifest)).toContain('\r\nSHA1-Digest: ');
    });
  });
});
