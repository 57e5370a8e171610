import { describe, expect, it } from 'vitest';
import { makeTestKeyRing, makeTestSigners } from '../../test/support/keys.js';
import { smallFdroidContent } from '../../test/fdroid/fdroid-content.js';
import { fdroidFingerprint } from '../fdroid/certificate.js';
import { describeFdroidRepo, fdroidFormat } from './fdroid.js';
import { EMPTY_SITE, type RenderContext } from './format.js';
import { FORMATS } from './index.js';

describe('fdroidFormat', () => {
  const keys = makeTestKeyRing();
  const ctx: RenderContext = {
    baseUrl: 'https://ota.example.org/',
    now: 1767225600,
    published: new Map(),
    fdroidCertificate: keys.fdroid.certificate,
    previous: EMPTY_SITE,
  };

  it('is registered and renders the signed repository and its archive', () => {
    expect(FORMATS).toContain(fdroidFormat);
    const paths = fdroidFormat
      .render(smallFdroidContent(), ctx, makeTestSigners().fdroid)
      .map((f) => f.path);
    expect(paths).toContain('fdroid/repo/entry.jar');
    expect(paths).toContain('fdroid/archive/index-v1.jar');
  });

  it('describes the address to add in F-Droid, with the certificate fingerprint', () => {
    const fpr = fdroidFingerprint(keys.fdroid.certificate);
    expect(describeFdroidRepo(ctx)).toEqual({
      fingerprint: fpr,
      address: `https://ota.example.org/fdroid/repo?fingerprint=${fpr}`,
    });
    expect(fpr).toMatch(/^[0-9A-F]{64}$/);
  });
});
