import { describe, expect, it } from 'vitest';
import { parseDocument, visit, isAlias, isNode } from 'yaml';
import { mayHoldNodeProperty } from './may-hold-node-property.js';

/** What the exact parser finds: does the text really hold an anchor, alias or tag? */
function holdsProperty(text: string): boolean {
  const doc = parseDocument(text, { version: '1.2', merge: false });
  let found = false;
  visit(doc, (_key, node) => {
    if (isAlias(node) || (isNode(node) && (node.tag !== undefined || node.anchor !== undefined)))
      found = true;
  });
  return found;
}

describe('mayHoldNodeProperty', () => {
  it.each([
    [
      'build scripts with &&',
      'Builds:\n  - versionName: 1.0\n    build:\n      - cd app && ./gradlew assemble\n      - echo "" > a.h &&sed -i s/x/y/ b\n',
    ],
    ['a glob in a sentence', 'Summary: Connects to *.biglybt.com and more\n'],
    ['a bang in a sentence', 'Description: |-\n  Great app !\n  Really !important\n'],
    ['a test inside a block scalar line', 'prebuild: |\n  [[ $a == $b ]] && break ; popd\n'],
    ['no candidate at all', 'model: bacon\nname: One\n'],
    ['a comment', 'model: bacon # see &foo and *bar\n'],
    ['a list in a description', 'Description: |-\n  Features:\n  * LockDown !\n'],
  ])('is false for %s', (_name, text) => {
    expect(mayHoldNodeProperty(text)).toBe(false);
    expect(holdsProperty(text)).toBe(false);
  });

  it.each([
    ['an anchor at a mapping value', 'a: &x 1\nb: *x\n'],
    ['an alias in a sequence', 'a: &x 1\nb:\n  - *x\n'],
    ['a tag at a value', 'a: !!str 1\n'],
    ['a tag at the start of a line', '!!map\na: 1\n'],
    ['an anchored key', 'a:\n  &k key: 1\n'],
    ['a tag in a flow sequence', 'a: [1, !!str 2]\n'],
    ['an anchor right after a flow indicator', 'a: [&x 1, *x]\n'],
    ['a flow mapping value', 'a: {b: &x 1, c: *x}\n'],
    ['an explicit key', '? &k a\n: 1\n'],
    ['a property after a property', 'a: &x !!str 1\n'],
    ['a tabbed separator', 'a:\t&x 1\nb: *x\n'],
    ['after a document marker', '--- !!map\na: 1\n'],
    ['a sequence entry', '- &x a\n- *x\n'],
    ['a tag after a byte-order mark', '\uFEFF!!map\na: 1\n'],
  ])('is true for %s', (_name, text) => {
    expect(holdsProperty(text)).toBe(true);
    expect(mayHoldNodeProperty(text)).toBe(true);
  });

  it.each([
    [
      'a line inside a block scalar that starts like an alias',
      'Description: |-\n  Features:\n  *bold* claims\n',
    ],
    ['a line break YAML 1.2 may not count (CR alone)', 'a: 1\r&x b\r'],
    ['a no-break space before it', 'a: x\u00a0&y\n'],
    ['a quoted text after a colon', 'a: "b: &c"\n'],
  ])('says true when unsure: %s', (_name, text) => {
    expect(mayHoldNodeProperty(text)).toBe(true);
  });

  it('is false for the corpus files whose scripts and texts tripped the old check', () => {
    const text = [
      'Builds:',
      '  - versionName: 1.2.3',
      '    prebuild:',
      '      - openpgp_dir=($PUB_CACHE/hosted/pub.dev/openpgp-*) && find . -type f -name x',
      '      - for i in {1..10}; do unzip -q $$OUT$$ -d apk; sha256sum -c - <<< $hash &&',
      '        break; done',
      '',
    ].join('\n');
    expect(holdsProperty(text)).toBe(false);
    expect(mayHoldNodeProperty(text)).toBe(false);
  });
});
