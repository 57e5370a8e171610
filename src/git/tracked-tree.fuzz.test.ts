import { describe, expect, it } from 'vitest';
import { fc, fuzzSettings, fuzzTimeout, withinBudget } from '../../test/support/fuzz.js';
import { createMemoryTrackedTree, type MemoryEntry } from './memory-tracked-tree.js';
import { forbiddenPart } from './repo-path.js';
import { resolveTracked } from './tracked-tree.js';

/** Names a hostile tree is made of: ordinary ones, and every spelling of what must never be reached. */
const NAME = fc.constantFrom(
  'a',
  'b',
  'files',
  'x.zip',
  '.git',
  '.GIT',
  '.git.',
  'git~1',
  '.gitota',
  '.g\u200cit',
  'config',
  '..',
  '.',
  '',
);
/** Targets mostly made of the ordinary names, so that links often lead somewhere the tree holds. */
const NEAR = fc.constantFrom('a', 'b', 'files', 'x.zip', '..', '..', '.git', 'config');
const PATH = fc.array(NAME, { minLength: 1, maxLength: 5 }).map((segments) => segments.join('/'));
const TARGET = fc.oneof(
  { arbitrary: fc.array(NEAR, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')), weight: 4 },
  { arbitrary: PATH, weight: 1 },
  { arbitrary: PATH.map((p) => `/${p}`), weight: 1 },
);
const ENTRY: fc.Arbitrary<MemoryEntry> = fc.oneof(
  { arbitrary: fc.constant({ file: '' }), weight: 2 },
  { arbitrary: TARGET.map((link) => ({ link })), weight: 3 },
);
/** Tracked paths never hold `.`, `..` or empty names (git refuses them), but may hold anything else a commit can. */
const TRACKED = fc
  .array(
    NAME.filter((n) => n !== '..' && n !== '.' && n !== ''),
    { minLength: 1, maxLength: 4 },
  )
  .map((s) => s.join('/'));

/** A tree, and a path into it: often one of its own entries (a link, most likely), or below one. */
const TREE_AND_QUERY = fc
  .dictionary(TRACKED, ENTRY, { minKeys: 1, maxKeys: 12 })
  .chain((entries) => {
    const own = fc.constantFrom(...Object.keys(entries));
    return fc.tuple(
      fc.constant(entries),
      fc.oneof(
        PATH,
        own,
        fc.tuple(own, PATH).map(([a, b]) => `${a}/${b}`),
      ),
    );
  });

describe('resolveTracked on hostile trees', () => {
  it(
    'never throws, always ends, and resolves only to a tracked file or folder reached through tracked folders, never into .git or .gitota',
    async () => {
      let throughLinks = 0;
      await fc.assert(
        fc.asyncProperty(TREE_AND_QUERY, async ([entries, query]) => {
          const tree = createMemoryTrackedTree(entries);
          const r = await withinBudget(50, () => resolveTracked(tree, query));
          if (!r.ok) return;
          if (r.links.length > 0) throughLinks++;
          expect(forbiddenPart(r.path)).toBeUndefined();
          expect(['file', 'dir']).toContain(r.node.kind);
          const segments = r.path === '' ? [] : r.path.split('/');
          for (let i = 1; i < segments.length; i++)
            expect(tree.node(segments.slice(0, i).join('/'))?.kind).toBe('dir');
          if (segments.length > 0) expect(tree.node(r.path)?.kind).toBe(r.node.kind);
        }),
        fuzzSettings(500),
      );
      // Not vacuous: some paths did resolve, through links.
      expect(throughLinks).toBeGreaterThan(0);
    },
    fuzzTimeout(),
  );
});
