/**
 * The client's readers of signed JSON (the gitota manifest, a target's signed
 * custom, a role's targets): whatever the bytes, a ClientError or a value,
 * never another throw, and quickly.
 */
import { describe, expect, it } from 'vitest';
import { fc, fuzzSettings, fuzzTimeout, withinBudget } from '../../test/support/fuzz.js';
import { ClientError } from './errors.js';
import { parseManifest } from './parse-manifest.js';
import { checkReleaseCustom } from './release-target.js';
import { signedPacksOf } from './legato-target.js';
import { chooseUpdate } from './update-policy.js';
import { clientErrorOf } from './tuf-session.js';

const BUDGET_MS = 1000;
const SHA = 'a'.repeat(64);
const file = { filename: 'a.zip', url: 'https://x.example/a.zip', size: 10, sha256: SHA };
const build = {
  id: 'a1',
  version: '21.0',
  datetime: 1_700_000_000,
  os_patch_level: '2024-01-05',
  os_sdk_level: 34,
  file,
};
const VALID = {
  format: 1,
  version: 3,
  expires: '2030-01-01T00:00:00Z',
  device: 'alpha',
  channel: 'nightly',
  latest: build,
  previous_stable: null,
  incrementals: {},
};

/** Text of anything, even an object without a prototype (String() would throw on it). */
function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Only the client's own error may leave a reader of untrusted JSON. */
function onlyClientErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
  }
}

/** A valid manifest with one value somewhere replaced by anything JSON can hold. */
const mutated = fc
  .tuple(
    fc.jsonValue(),
    fc.array(
      fc.constantFrom(
        'format',
        'version',
        'expires',
        'latest',
        'previous_stable',
        'incrementals',
        'file',
        'size',
        'sha256',
        'url',
        'rollout',
        'steps',
        'percent',
        'datetime',
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([value, keys]) => {
    const copy = JSON.parse(JSON.stringify(VALID)) as Record<string, unknown>;
    let at: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) {
      const next = at[key];
      if (next === null || typeof next !== 'object') at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    at[keys[keys.length - 1] as string] = value;
    return copy;
  });

describe('parseManifest', () => {
  it('takes the valid manifest (control)', () => {
    expect(
      parseManifest(new TextEncoder().encode(JSON.stringify(VALID)), 'v1/alpha/nightly.json')
        .device,
    ).toBe('alpha');
  });

  it(
    'random bytes: a ClientError, never another throw',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), (bytes) =>
          withinBudget(BUDGET_MS, () => onlyClientErrors(() => parseManifest(bytes, 'm.json'))),
        ),
        fuzzSettings(300),
      );
    },
    fuzzTimeout(),
  );

  it(
    'any JSON value, and a valid manifest with one value changed: a manifest or a ClientError',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue(), mutated), (value) =>
          withinBudget(BUDGET_MS, () =>
            onlyClientErrors(() => {
              const manifest = parseManifest(
                new TextEncoder().encode(JSON.stringify(value)),
                'm.json',
              );
              // What the policy does with a manifest that parsed must not throw anything else either.
              chooseUpdate(
                manifest,
                { device: 'alpha', channel: 'nightly', deviceId: 'd' },
                1_800_000_000,
              );
            }),
          ),
        ),
        fuzzSettings(400),
      );
    },
    fuzzTimeout(),
  );

  it('deep nesting is refused, not a stack overflow', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    onlyClientErrors(() => parseManifest(new TextEncoder().encode(deep), 'm.json'));
  });
});

describe('signed custom and targets', () => {
  it(
    'checkReleaseCustom: anything a signer put in custom is a ClientError or agreement',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.string(), fc.jsonValue()),
          fc.jsonValue(),
          (custom, gitota) =>
            withinBudget(BUDGET_MS, () => {
              onlyClientErrors(() =>
                checkReleaseCustom(custom, 'builds/alpha/a1.zip', {
                  device: 'alpha',
                  channel: 'nightly',
                  build,
                }),
              );
              onlyClientErrors(() =>
                checkReleaseCustom({ gitota }, 'builds/alpha/a1.zip', {
                  device: 'alpha',
                  channel: 'nightly',
                  build,
                  from: 'a0',
                }),
              );
            }),
        ),
        fuzzSettings(300),
      );
    },
    fuzzTimeout(),
  );

  it(
    'signedPacksOf: any targets map gives a list, never a throw',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.oneof(fc.string(), fc.constant('packs/x.update')), fc.jsonValue()),
          (targets) =>
            withinBudget(BUDGET_MS, () => {
              expect(Array.isArray(signedPacksOf(targets))).toBe(true);
            }),
        ),
        fuzzSettings(300),
      );
    },
    fuzzTimeout(),
  );

  it(
    'clientErrorOf: whatever tuf-js throws becomes one ClientError',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string(), fc.anything()), (thrown) =>
          withinBudget(BUDGET_MS, () => {
            expect(
              clientErrorOf('x', thrown instanceof Error ? thrown : new Error(textOf(thrown))),
            ).toBeInstanceOf(ClientError);
          }),
        ),
        fuzzSettings(200),
      );
    },
    fuzzTimeout(),
  );
});
