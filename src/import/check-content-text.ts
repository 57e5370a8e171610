import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadText } from '../load/load-repository.js';
import type { FileKind } from '../load/source-file.js';
import { mapSchemaErrors } from '../validate/schema-errors.js';
import { checkSchema } from '../validate/schemas.js';

/** What the loader and the kind's schema say about one file's text, before it is written. */
export function checkContentText(path: string, kind: FileKind, text: string): Diagnostic[] {
  const loaded = loadText({ path, kind }, text);
  if (!loaded.file) return loaded.diagnostics;
  return [
    ...loaded.diagnostics,
    ...mapSchemaErrors(loaded.file, checkSchema(kind, loaded.file.data)),
  ];
}
