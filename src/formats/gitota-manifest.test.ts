import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { lineageContent, NOW } from '../../test/fixtures/formats/lineage/content.js';
import { lineageContext } from '../../test/fixtures/formats/lineage/context.js';
import { expectGolden } from '../../test/fixtures/formats/lineage/golden.js';
import { manifestPath } from '../site/site-paths.js';
import {
  buildManifest,
  gitotaManifest,
  renderManifest,
  type GitotaManifest,
} from './gitota-manifest.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/gitota-manifest.schema.json', import.meta.url), 'utf8'),
) as object;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('gitota-manifest', () => {
  it('renders the golden files', async () => {
    await expectGolden(
      'gitota-manifest',
      gitotaManifest.render(lineageContent(), await lineageContext()),
    );
  });

  it('writes manifests that its JSON Schema accepts, with integers only', async () => {
    for (const file of gitotaManifest.render(lineageContent(), await lineageContext())) {
      const doc = JSON.parse(new TextDecoder().decode(file.bytes)) as unknown;
      expect(validate(doc), `${file.path}: ${JSON.stringify(validate.errors)}`).toBe(true);
      for (const n of numbersIn(doc)) expect(Number.isSafeInteger(n)).toBe(true);
    }
  });

  it('the schema refuses a float and an unknown key', () => {
    const doc = JSON.parse(
      readFileSync(
        new URL(
          '../../test/fixtures/formats/gitota-manifest/expected/v1/alpha/nightly.json',
          import.meta.url,
        ),
        'utf8',
      ),
    ) as GitotaManifest;
    expect(validate(doc)).toBe(true);
    expect(validate({ ...doc, version: 1.5 })).toBe(false);
    expect(validate({ ...doc, extra: 1 })).toBe(false);
    expect(
      validate({ ...doc, latest: { ...doc.latest, rollout: { percent: 12.5, salt: 'x' } } }),
    ).toBe(false);
  });

  it('offers the newest build and, under a rollout, the previous stable one and the deltas to each', async () => {
    const m = buildManifest(lineageContent(), await lineageContext(), 'alpha', 'nightly');
    expect(m.latest?.id).toBe('a3');
    expect(m.latest?.rollout).toEqual({ percent: 25, salt: 'a3-salt' });
    expect(m.previous_stable?.id).toBe('a2');
    expect(m.incrementals).toEqual({
      a1: expect.objectContaining({ to: 'a2' }),
      a2: expect.objectContaining({ to: 'a3' }),
    });
    // Once a3 is at 100% there is no previous stable, and the delta to a2 is no longer offered.
    const content = lineageContent();
    content.releases = content.releases.map((r) =>
      r.id === 'a3' ? { ...r, rollout: { percent: 100, salt: 'a3-salt' } } : r,
    );
    const full = buildManifest(content, await lineageContext(), 'alpha', 'nightly');
    expect(full.previous_stable).toBeNull();
    expect(Object.keys(full.incrementals)).toEqual(['a2']);
  });

  it('never lets version go back below the published one', async () => {
    const path = manifestPath('alpha', 'nightly');
    const published = new TextEncoder().encode(JSON.stringify({ version: NOW + 10 }));
    const ctx = await lineageContext({
      previous: { read: (p) => (p === path ? published : undefined) },
    });
    expect(buildManifest(lineageContent(), ctx, 'alpha', 'nightly').version).toBe(NOW + 11);
    const older = new TextEncoder().encode(JSON.stringify({ version: NOW - 10 }));
    const ctx2 = await lineageContext({ previous: { read: () => older } });
    expect(buildManifest(lineageContent(), ctx2, 'alpha', 'nightly').version).toBe(NOW);
    // Garbage on the branch does not stop a build.
    const ctx3 = await lineageContext({ previous: { read: () => new TextEncoder().encode('{') } });
    expect(
      JSON.parse(
        new TextDecoder().decode(renderManifest(lineageContent(), ctx3, 'alpha', 'nightly').bytes),
      ).version,
    ).toBe(NOW);
  });
});
