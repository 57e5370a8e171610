import { createSourceFile } from './create-source-file.js';
import type { FileKind, Position, SourceFile } from './source-file.js';

/**
 * A content file known from the content index: its text is read from disk, and
 * its positions computed, only if something asks (a rule reporting on it).
 * `data` comes from the index, or from `readData` for kinds kept apart.
 */
export function createIndexedSourceFile(
  path: string,
  kind: FileKind,
  readText: () => string,
  readData: () => unknown,
): SourceFile {
  let text: string | undefined;
  let data: unknown;
  let hasData = false;
  let located: SourceFile | undefined;
  const file: SourceFile = {
    path,
    kind,
    get text(): string {
      if (text === undefined) {
        // The bytes are those the index was made from (git said so); the limit was checked then.
        text = readText();
      }
      return text;
    },
    get data(): unknown {
      if (!hasData) {
        data = readData();
        hasData = true;
      }
      return data;
    },
    set data(value: unknown) {
      data = value;
      hasData = true;
    },
    locate(pointer: string, at?: 'key' | 'value'): Position {
      located ??= createSourceFile(path, kind, file.text, file.data);
      return located.locate(pointer, at);
    },
  };
  return file;
}
