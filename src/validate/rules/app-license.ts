import currentIds from 'spdx-license-ids/index.json' with { type: 'json' };
import deprecatedIds from 'spdx-license-ids/deprecated.json' with { type: 'json' };
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { EXTRA_LICENSES } from '../../model/fdroid-metadata-fields.js';
import type { Rule } from './rule.js';
import { reportAt } from './report-at.js';

const CURRENT = new Set<string>([...currentIds, ...EXTRA_LICENSES]);
const DEPRECATED = new Set<string>(deprecatedIds);
const BY_LOWER_CASE = new Map<string, string>([...CURRENT].map((id) => [id.toLowerCase(), id]));

/** One licence named in an expression, as written (`GPL-3.0+` keeps its `+`). */
export interface LicenseReference {
  id: string;
  orLater: boolean;
}

export type ParsedLicense =
  { ok: true; licenses: LicenseReference[] } | { ok: false; error: string };

const TOKEN = /\s*(\(|\)|[A-Za-z0-9.:-]+\+?)/y;

/**
 * Parses an SPDX licence expression (`MIT`, `GPL-2.0-or-later WITH Classpath-exception-2.0`,
 * `(Apache-2.0 OR MIT) AND CC-BY-4.0`) into the licences it names. Operators are upper case,
 * as SPDX requires; exception names after WITH are not checked (spdx-license-ids has no list).
 */
export function parseLicenseExpression(text: string): ParsedLicense {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match?.[1]) {
      if (text.slice(start).trim() === '') break;
      return { ok: false, error: `unexpected character at "${text.slice(start).trim()}"` };
    }
    tokens.push(match[1]);
  }
  const licenses: LicenseReference[] = [];
  let position = 0;
  const peek = (): string | undefined => tokens[position];

  // expression := term (AND|OR term)* ; term := '(' expression ')' | licence [WITH exception]
  const parseTerm = (): string | undefined => {
    const token = tokens[position++];
    if (token === undefined) return 'the expression ends where a licence was expected';
    if (token === '(') {
      const error = parseExpression();
      if (error) return error;
      if (tokens[position++] !== ')') return 'a "(" is not closed';
      return undefined;
    }
    if (token === ')' || token === 'AND' || token === 'OR' || token === 'WITH')
      return `"${token}" where a licence was expected`;
    const orLater = token.endsWith('+');
    licenses.push({ id: orLater ? token.slice(0, -1) : token, orLater });
    if (peek() === 'WITH') {
      position++;
      const exception = tokens[position++];
      if (exception === undefined || ['(', ')', 'AND', 'OR', 'WITH'].includes(exception))
        return 'WITH is not followed by an exception name';
    }
    return undefined;
  };
  const parseExpression = (): string | undefined => {
    let error = parseTerm();
    while (!error && (peek() === 'AND' || peek() === 'OR')) {
      position++;
      error = parseTerm();
    }
    return error;
  };

  const error =
    parseExpression() ??
    (position < tokens.length ? `unexpected "${tokens[position]}"` : undefined);
  if (error) return { ok: false, error };
  const lowerOperator = tokens.find((t) => t === 'and' || t === 'or' || t === 'with');
  if (lowerOperator)
    return {
      ok: false,
      error: `operators are upper case in SPDX ("${lowerOperator.toUpperCase()}")`,
    };
  return { ok: true, licenses };
}

function isKnown(id: string): boolean {
  return (
    CURRENT.has(id) ||
    DEPRECATED.has(id) ||
    id.startsWith('LicenseRef-') ||
    /^DocumentRef-[^:]+:LicenseRef-/.test(id)
  );
}

/** What to write instead of a deprecated id (GPL-3.0 → GPL-3.0-only, GPL-3.0+ → GPL-3.0-or-later). */
function suggestReplacement(reference: LicenseReference): string | undefined {
  if (CURRENT.has(`${reference.id}-or-later`) && reference.orLater)
    return `${reference.id}-or-later`;
  if (CURRENT.has(`${reference.id}-only`))
    return `${reference.id}-only (or ${reference.id}-or-later)`;
  return undefined;
}

/** The License field names licences SPDX knows, in a well-formed expression. All warnings: fdroid lint only warns about a licence. */
export const appLicense: Rule = {
  name: 'app-license',
  description:
    "An app's License is a known SPDX licence or a well-formed SPDX expression of known licences.",
  scope: 'file',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const app of ctx.content.apps) {
      const license = app.metadata.License;
      if (typeof license !== 'string') continue;
      const parsed = parseLicenseExpression(license);
      if (!parsed.ok) {
        out.push(
          reportAt(ctx, {
            code: 'GITOTA253',
            severity: 'warning',
            file: app.file,
            pointer: '/License',
            message: `License "${license}" is not a valid SPDX expression: ${parsed.error}`,
            hint: 'write one SPDX identifier, or identifiers joined with AND / OR (https://spdx.org/licenses/); fdroid lint warns about others',
          }),
        );
        continue;
      }
      for (const reference of parsed.licenses) {
        if (!isKnown(reference.id)) {
          const other = BY_LOWER_CASE.get(reference.id.toLowerCase());
          out.push(
            reportAt(ctx, {
              code: 'GITOTA253',
              severity: 'warning',
              file: app.file,
              pointer: '/License',
              message: `License names "${reference.id}", which is not an SPDX licence identifier`,
              hint: other
                ? `did you mean "${other}"? SPDX identifiers are case-sensitive here`
                : 'use an identifier from https://spdx.org/licenses/',
            }),
          );
        } else if (
          DEPRECATED.has(reference.id) ||
          (reference.orLater && CURRENT.has(`${reference.id}-or-later`))
        ) {
          const replacement = suggestReplacement(reference);
          const written = reference.id + (reference.orLater ? '+' : '');
          out.push(
            reportAt(ctx, {
              code: 'GITOTA254',
              severity: 'warning',
              file: app.file,
              pointer: '/License',
              message: `License "${written}" is deprecated by SPDX`,
              hint: `${replacement ? `write ${replacement}; ` : ''}fdroid lint accepts only current identifiers`,
            }),
          );
        }
      }
    }
    return out;
  },
};
