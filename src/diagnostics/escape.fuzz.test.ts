import { describe, expect, it } from 'vitest';
import { fc, fuzzSettings, fuzzTimeout } from '../../test/support/fuzz.js';
import {
  readMarkdownCode,
  readMarkdownText,
  runnerCommands,
  runnerUnescapeData,
  runnerUnescapeProperty,
  unescapeText,
} from '../../test/support/unescape.js';
import type { Diagnostic } from './diagnostic.js';
import { stringifyJson } from './escape-json.js';
import { markdownCode, markdownText } from './escape-markdown.js';
import { escapeTerminalOutput, escapeText } from './escape-text.js';
import { escapeData, escapeProperty, formatLogText } from './escape-workflow.js';
import { formatGithub, formatText } from './render.js';
import { hasUnsafeCharacter } from './unsafe-characters.js';

/** Pieces an attacker would put in a file name, a YAML key or a pack header. */
const HOSTILE = [
  '\u001b[2J',
  '\u001b]52;c;ZXZpbA==\u0007',
  '\u0007',
  '\u0000',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\u007f',
  '\u0085',
  '\u009b31m',
  '\u202e',
  '\u202a',
  '\u2066',
  '\u2069',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u{e0041}',
  '\u{e007f}',
  '\u00ad',
  '\ud800',
  '\udfff',
  '\\',
  '\\u202e',
  '\\n',
  '%',
  '%0A',
  '%25',
  ':',
  ',',
  '::',
  '::add-mask::x',
  '::stop-commands::t',
  '##[add-mask]x',
  '|',
  '`',
  '``',
  '<img src=x>',
  '](https://evil)',
  '![a](https://e/p.png)',
  '&amp;',
  '*',
  '_',
  '@team',
  'www.evil.com',
  ' ',
  'é',
  'e\u0301',
  '😀',
];

const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 8 })), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

const RAW_UNSAFE_EXCEPT_LF = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

function withoutLineFeeds(text: string): string {
  return text.replaceAll('\n', '');
}

describe('escaping functions (property-based)', () => {
  it(
    'escapeText: one line, no unsafe character, and it reads back exactly',
    { timeout: fuzzTimeout() },
    () => {
      fc.assert(
        fc.property(hostileText, (text) => {
          const out = escapeText(text);
          expect(hasUnsafeCharacter(out)).toBe(false);
          expect(unescapeText(out)).toBe(text);
        }),
        fuzzSettings(500),
      );
    },
  );

  it('escapeTerminalOutput: only line feeds and tabs stay raw', { timeout: fuzzTimeout() }, () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(hasUnsafeCharacter(escapeTerminalOutput(text).replace(/[\n\t]/g, ''))).toBe(false);
      }),
      fuzzSettings(300),
    );
  });

  it(
    'stringifyJson: parses back to the same value, and nothing unsafe but layout line feeds',
    { timeout: fuzzTimeout() },
    () => {
      const value = fc.dictionary(
        hostileText,
        fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 }), fc.integer()),
        { maxKeys: 4 },
      );
      fc.assert(
        fc.property(value, fc.constantFrom(undefined, 2), (v, indent) => {
          const out = stringifyJson(v, indent);
          expect(JSON.parse(out)).toEqual(v);
          expect(RAW_UNSAFE_EXCEPT_LF.test(withoutLineFeeds(out))).toBe(false);
        }),
        fuzzSettings(300),
      );
    },
  );

  it(
    'escapeData / escapeProperty: one line, nothing unsafe, and the runner reads back what has no other escape',
    { timeout: fuzzTimeout() },
    () => {
      fc.assert(
        fc.property(hostileText, (text) => {
          const data = escapeData(text);
          const property = escapeProperty(text);
          expect(hasUnsafeCharacter(data)).toBe(false);
          expect(hasUnsafeCharacter(property)).toBe(false);
          expect(property).not.toMatch(/[:,]/);
          // The runner has escapes for CR and LF only: text without other unsafe characters comes back whole.
          // CR and LF become spaces for that check, not nothing: removing them would join two lone
          // surrogates on either side of a line break into one valid pair (fuzz seed 1687073400).
          if (!hasUnsafeCharacter(text.replace(/[\r\n]/g, ' '))) {
            expect(runnerUnescapeData(data)).toBe(text);
            expect(runnerUnescapeProperty(property)).toBe(text);
          }
        }),
        fuzzSettings(500),
      );
    },
  );

  it(
    'formatLogText: the runner runs no command from it but its own pause and resume',
    { timeout: fuzzTimeout() },
    () => {
      let n = 0;
      const token = () => `tok${++n}`;
      fc.assert(
        fc.property(hostileText, (text) => {
          const out = formatLogText(text, token);
          expect(hasUnsafeCharacter(withoutLineFeeds(out))).toBe(false);
          const commands = runnerCommands(out);
          if (commands.length > 0) {
            expect(commands.map((c) => c.command)).toEqual(['stop-commands', commands[0]!.data]);
            expect(out.split('\n').slice(1, -1).join('\n')).toBe(
              text.split('\n').map(escapeText).join('\n').replace(/\\\\/g, '\\'),
            );
          }
        }),
        fuzzSettings(500),
      );
    },
  );

  it(
    'markdownCode: a code span that shows the text exactly, in a table or not',
    { timeout: fuzzTimeout() },
    () => {
      fc.assert(
        fc.property(hostileText, fc.boolean(), (text, table) => {
          const out = markdownCode(text, { table });
          expect(hasUnsafeCharacter(out)).toBe(false);
          if (table) expect(out.replace(/\\\\/g, '').replace(/\\\|/g, '')).not.toContain('|');
          expect(readMarkdownCode(out, table)).toBe(text);
        }),
        fuzzSettings(500),
      );
    },
  );

  it(
    'markdownText: every ASCII punctuation escaped, nothing unsafe, and it reads back exactly',
    { timeout: fuzzTimeout() },
    () => {
      fc.assert(
        fc.property(hostileText, (text) => {
          const out = markdownText(text);
          expect(hasUnsafeCharacter(out)).toBe(false);
          expect(out.replace(/\\[!-/:-@[-`{-~]/g, '')).not.toMatch(/[!-/:-@[-`{-~]/);
          expect(readMarkdownText(out)).toBe(text);
        }),
        fuzzSettings(500),
      );
    },
  );

  it(
    'formatText and formatGithub: one line per finding (plus its hint), whatever the content',
    { timeout: fuzzTimeout() },
    () => {
      const diagnostic = fc.record({
        file: hostileText,
        message: hostileText,
        hint: fc.option(hostileText, { nil: undefined }),
      });
      fc.assert(
        fc.property(fc.array(diagnostic, { maxLength: 5 }), (items) => {
          const diagnostics: Diagnostic[] = items.map((d) => ({
            code: 'GITOTA050',
            severity: 'error',
            line: 1,
            column: 1,
            file: d.file,
            message: d.message,
            ...(d.hint !== undefined ? { hint: d.hint } : {}),
          }));
          const text = formatText(diagnostics);
          expect(text.split('\n').length - 1).toBe(
            diagnostics.length + diagnostics.filter((d) => d.hint).length,
          );
          expect(hasUnsafeCharacter(withoutLineFeeds(text))).toBe(false);
          const github = formatGithub(diagnostics);
          expect(github.split('\n').length - 1).toBe(diagnostics.length);
          expect(runnerCommands(github).map((c) => c.command)).toEqual(
            diagnostics.map(() => 'error'),
          );
        }),
        fuzzSettings(300),
      );
    },
  );
});
