import { describe, expect, it } from 'vitest';
import { locationUrl } from './location-url.js';
import { isPublishableTomTomPath } from './site-paths.js';

describe('site paths', () => {
  it('knows which TomTom paths it may publish and builds URLs', () => {
    expect(['a.ttpkg', 'd/a.apk'].every(isPublishableTomTomPath)).toBe(true);
    expect(
      ['/a', '../a', 'a/./b', 'https://x/a', '{muid}/a', ''].some(isPublishableTomTomPath),
    ).toBe(false);
    const urls = {
      baseUrl: 'https://h/s/',
      published: new Map([['f/a b.zip', 'builds/d/a b.zip']]),
    };
    expect(locationUrl(urls, { path: 'f/a b.zip' }, 'x')).toBe('https://h/s/builds/d/a%20b.zip');
    expect(locationUrl(urls, { path: 'f/other.zip' }, 'x')).toBeUndefined();
    expect(locationUrl(urls, { url: 'https://cdn/x.zip' }, 'x')).toBe('https://cdn/x.zip');
    expect(locationUrl(urls, { asset: { tag: 't' } }, 'x.zip')).toBeUndefined();
    expect(
      locationUrl(
        { ...urls, releaseAssetBaseUrl: 'https://gh/o/r/releases/download/' },
        { asset: { tag: 'v 1' } },
        'x.zip',
      ),
    ).toBe('https://gh/o/r/releases/download/v%201/x.zip');
  });
});
