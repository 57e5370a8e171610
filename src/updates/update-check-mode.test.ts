import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { FDROID_METADATA_DIR } from '../../test/support/corpus.js';
import { compilePythonPattern, pythonMatch } from './python-regex.js';
import { parseUpdateCheckMode } from './update-check-mode.js';
import { parseUpdateCheckData } from './update-check-data.js';
import { applyVercodeOperation, parseVersionCode, vercodeOperations } from './version-code.js';

const METADATA = FDROID_METADATA_DIR;

describe('every UpdateCheckMode, UpdateCheckData and VercodeOperation of the fdroiddata corpus', () => {
  const apps = readdirSync(METADATA)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => ({
      f,
      m: load(readFileSync(join(METADATA, f), 'utf8')) as Record<string, unknown>,
    }));

  it('reads the 297 apps, and each mode parses to a mode gitota checks or a reason not to', () => {
    expect(apps).toHaveLength(297);
    const kinds = new Map<string, number>();
    for (const { f, m } of apps) {
      const mode = parseUpdateCheckMode(m.UpdateCheckMode);
      expect(mode.kind, `${f}: ${String(m.UpdateCheckMode)}`).not.toBe('unsupported');
      kinds.set(mode.kind, (kinds.get(mode.kind) ?? 0) + 1);
      if (mode.kind === 'tags' && mode.pattern !== undefined)
        expect(() => compilePythonPattern(mode.pattern!), f).not.toThrow();
      if (m.UpdateCheckData !== undefined)
        expect(typeof parseUpdateCheckData(m.UpdateCheckData), f).toBe('object');
      for (const op of vercodeOperations(m.VercodeOperation))
        expect(applyVercodeOperation(op, 7), `${f}: ${op}`).toBeGreaterThan(0);
    }
    expect(Object.fromEntries(kinds)).toEqual({
      tags: 169,
      none: 124,
      'repo-manifest': 3,
      http: 1,
    });
  });
});

describe('Python semantics', () => {
  it('re.match anchors at the start only; $ also matches before a final newline', () => {
    expect(pythonMatch(compilePythonPattern('v[\\d.]+$'), 'v1.2')).not.toBeNull();
    expect(pythonMatch(compilePythonPattern('v[\\d.]+$'), 'xv1.2')).toBeNull();
    expect(pythonMatch(compilePythonPattern('^v[\\d.]+$'), 'v1.2\n')).not.toBeNull();
    expect(pythonMatch(compilePythonPattern('(?P<v>\\d+)-(?P=v)'), '12-12')).not.toBeNull();
    expect(() => compilePythonPattern('(?x) a b')).toThrow(/no JavaScript equivalent/);
  });

  it('version codes as int(text, 0) with the decimal fallback; VercodeOperation as Python evaluates it', () => {
    expect([
      parseVersionCode('0x1F'),
      parseVersionCode('010'),
      parseVersionCode('1_000'),
      parseVersionCode('v1'),
    ]).toEqual([31, 10, 1000, undefined]);
    expect(applyVercodeOperation('10 * %c + 2', 7)).toBe(72);
    expect(applyVercodeOperation('%c * 10 + 1', 7)).toBe(71);
    expect(applyVercodeOperation('2 ** 3 ** 2 + %c', 0)).toBe(512);
    expect(() => applyVercodeOperation('%c / 2', 8)).toThrow(/division/);
    expect(() => applyVercodeOperation('%c; rm -rf /', 8)).toThrow(/only digits/);
  });
});
