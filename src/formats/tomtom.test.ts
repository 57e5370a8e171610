import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleContent, sampleContext } from '../../test/fixtures/formats/html/content.js';
import { resolveTomTom, type TomTomListInput } from './tomtom-resolve.js';
import type { TomTomPackage } from '../model/types.js';
import { renderTomTom } from './tomtom.js';

const GOLDEN = join(import.meta.dirname, '../../test/fixtures/formats/tomtom/expected');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('tomtom format', () => {
  const content = sampleContent();
  const files = renderTomTom(content, sampleContext(content));

  it('renders exactly the golden files, byte for byte', () => {
    expect(files.map((f) => f.path)).toEqual(filesUnder(GOLDEN));
    for (const file of files) {
      expect(new TextDecoder().decode(file.bytes), file.path).toBe(
        readFileSync(join(GOLDEN, file.path), 'utf8'),
      );
    }
  });

  it('writes every value as a string, as the device reads them', () => {
    const walk = (value: unknown, where: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}/${i}`));
      else if (value !== null && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) walk(v, `${where}/${k}`);
      else expect(typeof value, where).toBe('string');
    };
    for (const file of files) walk(JSON.parse(new TextDecoder().decode(file.bytes)), file.path);
  });

  it('the published lists resolve to the seed results through their uris', () => {
    const byUrl = new Map(
      files.map((f) => [
        content.config.site.base_url + f.path,
        JSON.parse(new TextDecoder().decode(f.bytes)),
      ]),
    );
    const locations = byUrl.get('https://ota.example/site/tomtom/fleet/update-locations') as {
      uris: Array<{ uri: string; optional?: string }>;
    };
    const parse = (raw: { packages: Array<Record<string, string>> }): TomTomListInput => ({
      packages: raw.packages.map((p): TomTomPackage => ({
        name: p.name!,
        path: p.path,
        version: p.version,
        exclude: p.exclude === 'true',
      })),
    });
    const resolveFirst = (n: number) => {
      const r = resolveTomTom({
        locations: {
          uris: locations.uris
            .slice(0, n)
            .map((u) => ({ uri: u.uri, optional: u.optional === 'true' })),
        },
        loadList: (ref) => {
          const raw = byUrl.get(ref.location);
          return raw === undefined ? 'missing' : parse(raw);
        },
        properties: {},
        installed: new Map(),
      });
      return r.ok ? r.packages.map((p) => p.name) : r.errors;
    };
    expect(resolveFirst(1)).toEqual(['package-1', 'package-2', 'package-3']);
    expect(resolveFirst(2)).toEqual(['package-1', 'package-2', 'package-4']);
    expect(resolveFirst(3)).toEqual([
      'package-1',
      'package-2',
      'package-4',
      'package-6',
      'package-3',
    ]);
  });

  it('names list uris under the site base URL, whatever it is', () => {
    const local = sampleContent('http://127.0.0.1:8080/');
    const out = renderTomTom(local, sampleContext(local));
    const ul = out.find((f) => f.path === 'tomtom/fleet/update-locations');
    expect(new TextDecoder().decode(ul?.bytes)).toContain(
      '"uri": "http://127.0.0.1:8080/tomtom/fleet/package-list.A"',
    );
  });
});
