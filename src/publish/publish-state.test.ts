import { describe, expect, it } from 'vitest';
import { PublishError } from './publish-errors.js';
import {
  parsePublishState,
  publishMessage,
  renderPublishState,
  type PublishState,
} from './publish-state.js';
import { isContentAddressed, isImmutable } from './retention.js';

const source = '0123456789abcdef0123456789abcdef01234567';

describe('gitota-state.json', () => {
  it('round-trips, sorted, and drops entries it cannot trust', () => {
    const state: PublishState = {
      format: 1,
      source,
      published_at: 1795200000,
      held: [
        { file: 'releases/b/z.yaml', id: 'z', reason: 'r', published_from: 'c'.repeat(40) },
        { file: 'releases/a/y.yaml', id: 'y', reason: 'r' },
      ],
      blobs: { ['f'.repeat(64)]: 'a'.repeat(40), ['0'.repeat(64)]: 'b'.repeat(40) },
      packs: {},
    };
    const bytes = renderPublishState(state);
    const text = new TextDecoder().decode(bytes);
    expect(text.indexOf('releases/a/y.yaml')).toBeLessThan(text.indexOf('releases/b/z.yaml'));
    expect(parsePublishState(bytes)).toEqual({ ...state, held: [state.held[1], state.held[0]] });
    const tampered = new TextEncoder().encode(
      JSON.stringify({
        ...state,
        blobs: { x: 'not a blob id' },
        held: [
          { file: 1 },
          { file: 'releases/a/y.yaml', id: 'y', reason: 'r', published_from: 'main' },
        ],
      }),
    );
    expect(parsePublishState(tampered)).toEqual({
      ...state,
      blobs: {},
      held: [{ file: 'releases/a/y.yaml', id: 'y', reason: 'r' }],
    });
  });

  it('keeps the artifact store URLs (sha256 → URL), sorted, and drops entries that are not', () => {
    const base: PublishState = {
      format: 1,
      source,
      published_at: 1,
      held: [],
      blobs: {},
      packs: {},
    };
    expect(new TextDecoder().decode(renderPublishState(base))).not.toContain('artifacts');
    const artifacts = {
      ['f'.repeat(64)]: 'https://cdn.example.org/f.zip',
      ['0'.repeat(64)]: 'https://cdn.example.org/0.zip',
    };
    const text = new TextDecoder().decode(renderPublishState({ ...base, artifacts }));
    expect(text.indexOf('0.zip')).toBeLessThan(text.indexOf('f.zip'));
    expect(parsePublishState(new TextEncoder().encode(text)).artifacts).toEqual(artifacts);
    const tampered = JSON.stringify({
      ...base,
      artifacts: { short: 'https://x/', ['a'.repeat(64)]: 'not a url', ['b'.repeat(64)]: 7 },
    });
    expect(parsePublishState(new TextEncoder().encode(tampered)).artifacts).toBeUndefined();
  });

  it('refuses a state it cannot read rather than guess what was published', () => {
    for (const bad of [
      '{',
      '{}',
      JSON.stringify({ format: 2, source }),
      JSON.stringify({ format: 1, source: 'main' }),
    ]) {
      expect(() => parsePublishState(new TextEncoder().encode(bad))).toThrow(PublishError);
    }
  });

  it('ends the commit message with the source trailer', () => {
    expect(publishMessage(source, ['added lynx/b1'])).toBe(
      `Publish ${source.slice(0, 12)} with gitota\n\nadded lynx/b1\n\nGitota-Source: ${source}\n`,
    );
  });
});

describe('immutable paths', () => {
  it('are versioned metadata and content-addressed copies', () => {
    const sha = 'e'.repeat(64);
    expect(isImmutable('metadata/3.snapshot.json')).toBe(true);
    expect(isImmutable('metadata/12.device-lynx.json')).toBe(true);
    expect(isImmutable(`builds/lynx/${sha}.b1.zip`)).toBe(true);
    expect(isContentAddressed(`packs/${sha}.app.update`)).toBe(true);
    for (const p of [
      'metadata/timestamp.json',
      'v1/lynx/stable.json',
      'builds/lynx/b1.zip',
      'index.html',
    ])
      expect(isImmutable(p)).toBe(false);
  });
});
