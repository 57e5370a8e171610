import { parseDocument } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseWithPositions } from '../load/parse-yaml.js';
import type { FileKind } from '../load/source-file.js';
import { PRECISE_OPTIONS } from '../load/yaml-positions.js';
import { CANONICAL_LAYOUT, hasCanonicalIndentation } from './canonical-indent.js';
import { getFormatGuide } from './format-guides.js';
import { reorderYaml } from './reorder-yaml.js';
import { withSchemaComment } from './schema-comment.js';

export interface FormattedFile {
  /** The canonical text; the input itself when the file cannot be parsed. */
  text: string;
  changed: boolean;
  /** Why the file was left alone (YAML errors), as the loader reports them. */
  diagnostics: Diagnostic[];
}

/**
 * One content file in canonical form: keys in their kind's order, comments
 * kept, strings that YAML would read as something else quoted, the schema
 * comment first (gitota's own kinds), one final newline. Pure: text in, text out.
 */
export function formatContentFile(path: string, kind: FileKind, text: string): FormattedFile {
  // A file the loader refuses is left as it is: formatting it could change what it means.
  const refused = parseWithPositions(path, text, { kind }).diagnostics.filter(
    (d) => d.severity === 'error',
  );
  if (refused.length > 0) return { text, changed: false, diagnostics: refused };
  const doc = parseDocument(text, { ...PRECISE_OPTIONS, keepSourceTokens: true });
  if (doc.errors.length > 0 || doc.contents === null)
    return { text, changed: false, diagnostics: [] };
  let source = text;
  let parsed = doc;
  if (!hasCanonicalIndentation(text, doc)) {
    // Re-indenting moves every line: let the yaml package lay the file out again (comments kept), then reorder.
    source = doc.toString(CANONICAL_LAYOUT);
    parsed = parseDocument(source, { ...PRECISE_OPTIONS, keepSourceTokens: true });
  }
  let formatted = reorderYaml(source, parsed, getFormatGuide(kind));
  if (kind !== 'app') formatted = withSchemaComment(path, kind, formatted);
  if (!formatted.endsWith('\n')) formatted += '\n';
  return { text: formatted, changed: formatted !== text, diagnostics: [] };
}
