import jsyaml from 'js-yaml';
import { findLimitViolation, type LimitViolation } from './inspect-yaml-data.js';
import type { YamlLimits } from './yaml-limits.js';
import { FLOAT, INT, numberProblem, readFloat, readInteger } from './yaml-numbers.js';

/**
 * Numbers the current fast parse met that cannot be read exactly. The
 * constructors below have no per-parse state to write to; a parse is
 * synchronous, so a counter reset before each one is enough.
 */
let inexactNumbers = 0;

/**
 * YAML 1.2 core schema for js-yaml, written out because js-yaml's own CORE
 * schema also reads `0b101`, `-0x1F` and `+0o7` as numbers and `+.5` as a
 * string, where YAML 1.2 (and the `yaml` package) say otherwise. Both parsers
 * must give the same data, or a file would mean two things.
 */
const CORE_1_2 = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsyaml.Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (s: unknown) => typeof s === 'string' && /^(?:~|null|Null|NULL)?$/.test(s),
      construct: () => null,
    }),
    new jsyaml.Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (s: unknown) =>
        typeof s === 'string' && /^(?:true|True|TRUE|false|False|FALSE)$/.test(s),
      construct: (s: string) => s.startsWith('t') || s.startsWith('T'),
    }),
    new jsyaml.Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (s: unknown) => typeof s === 'string' && INT.test(s),
      construct: (s: string) => countInexact(s, readInteger(s)),
    }),
    new jsyaml.Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (s: unknown) => typeof s === 'string' && FLOAT.test(s),
      construct: (s: string) => countInexact(s, readFloat(s)),
    }),
  ],
});

function countInexact(source: string, value: number): number {
  if (numberProblem(source, value) !== undefined) inexactNumbers++;
  return value;
}

/**
 * Keys that, as js-yaml turns every key into a string, may stand for
 * something else in the text: a null key (js-yaml says "null", YAML says ""),
 * a mapping used as a key, a merge key. The exact parse decides about them.
 */
const AMBIGUOUS_KEY = /^(?:~|null|Null|NULL|<<|\[object Object\])?$/;

/**
 * js-yaml's reading of text that holds no node property, when it is certainly
 * the `yaml` package's reading too; otherwise not ok, and the caller takes the
 * exact parse (which also reports why). Not ok: any js-yaml error, an anchor,
 * a number that does not read exactly, a key that may mean something else
 * (above), a collection used as a key (js-yaml makes `[a]: 1` the key "a";
 * seen as a collection js-yaml built that the data does not hold). A limit
 * passed is said as such: the file is refused whoever reads it, and the exact
 * parse of a hostile file costs several times the fast one.
 */
export function parseFast(
  text: string,
  limits: YamlLimits,
): { ok: true; data: unknown } | { ok: false; violation?: LimitViolation } {
  let sawProperty = false;
  const built = new Set<object>();
  inexactNumbers = 0;
  let data: unknown;
  try {
    data = jsyaml.load(text, {
      schema: CORE_1_2,
      json: false,
      listener(event, state) {
        if (event !== 'close') return;
        const { anchor, result } = state as { anchor?: unknown; result?: unknown };
        if (anchor != null) sawProperty = true;
        if (typeof result === 'object' && result !== null) built.add(result);
      },
    });
  } catch {
    // Not swallowed: the exact parse runs on the same text and reports the problem precisely.
    return { ok: false };
  }
  if (sawProperty || inexactNumbers > 0) return { ok: false };
  let ambiguous = false;
  const violation = findLimitViolation(data, limits, (value) => {
    built.delete(value);
    if (!Array.isArray(value) && !ambiguous)
      ambiguous = Object.keys(value).some((key) => AMBIGUOUS_KEY.test(key));
  });
  if (violation !== undefined) return { ok: false, violation };
  if (ambiguous || built.size > 0) return { ok: false };
  return { ok: true, data };
}
