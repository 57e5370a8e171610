import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findCycles,
  findLayerViolations,
  readImportGraph,
  type StageOrder,
} from './import-graph.js';

/**
 * The stages of src/, lowest first (docs/architecture.md draws them). A file
 * may import its own stage and the stages before it, never one after it;
 * stages in one entry may import each other. Type-only imports follow the
 * same rule.
 */
export const STAGE_ORDER: StageOrder = [
  ['model'],
  ['diagnostics'],
  ['site'],
  ['git'],
  ['load'],
  ['validate'],
  ['plan'],
  ['packs'],
  ['fdroid'],
  ['formats'],
  ['tuf'],
  ['publish'],
  ['pipeline'],
  ['fmt'],
  ['github', 'import', 'init', 'client'],
  ['updates'],
  ['cli'],
  ['action'],
  ['index.ts'],
];

const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

describe('the layers of src/', () => {
  const graph = readImportGraph(src);

  it('reads the imports of every file (the graph is not empty)', () => {
    expect(graph.length).toBeGreaterThan(500);
    expect(graph).toContainEqual(
      expect.objectContaining({ from: 'cli/main.ts', to: 'cli/commands/index.ts' }),
    );
  });

  it('no stage imports a later stage', () => {
    expect(findLayerViolations(graph, STAGE_ORDER)).toEqual([]);
  });

  it('no file imports itself back through other files', () => {
    expect(findCycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });
});

describe('the checker, on a small graph made for it', () => {
  const root = mkdtempSync(join(tmpdir(), 'gitota-layers-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('low/a.ts', "import { b } from './b.js';\nexport const a = b;\n");
  write('low/b.ts', "import type { C } from '../high/c.js';\nexport const b = 1 as C;\n");
  write(
    'high/c.ts',
    "export type C = number;\nexport { a } from '../low/a.js';\nvoid import('./d.js');\n",
  );
  write('high/d.ts', "import { readFileSync } from 'node:fs';\nexport const d = readFileSync;\n");
  write('high/d.test.ts', "import { a } from '../low/a.js';\nimport '../elsewhere/e.js';\n");
  const order: StageOrder = [['low'], ['high']];

  it('finds the back edge from a lower stage to a higher one, with its line', () => {
    expect(findLayerViolations(readImportGraph(root), order)).toEqual([
      'low/b.ts:1: low imports high/c.ts (types), a later stage (high)',
    ]);
  });

  it('names a stage the order leaves out', () => {
    expect(findLayerViolations(readImportGraph(root), [['high']])).toContain(
      'low/a.ts: stage low is in no layer',
    );
  });

  it('finds the cycle and names its files in order', () => {
    expect(findCycles(readImportGraph(root))).toEqual([
      ['high/c.ts', 'low/a.ts', 'low/b.ts', 'high/c.ts'],
    ]);
  });

  it('finds nothing once the back edge is gone', () => {
    write('low/b.ts', 'export const b = 1;\n');
    const graph = readImportGraph(root);
    expect(findLayerViolations(graph, order)).toEqual([]);
    expect(findCycles(graph)).toEqual([]);
  });
});
