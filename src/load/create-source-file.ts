import type { FileKind, Position, SourceFile } from './source-file.js';
import { parsePrecise, YamlPositions, type PreciseDocument } from './yaml-positions.js';

const START: Position = { line: 1, column: 1 };

/**
 * A loaded file whose positions are computed on first use: most files are
 * valid and never asked, and the positional parse costs ten times the fast one.
 */
export function createSourceFile(
  path: string,
  kind: FileKind,
  text: string,
  data: unknown,
  precise?: PreciseDocument,
): SourceFile & { positions(): YamlPositions | undefined } {
  let positions: YamlPositions | undefined = precise ? new YamlPositions(precise) : undefined;
  let failed = false;
  const load = (): YamlPositions | undefined => {
    if (positions === undefined && !failed) {
      try {
        positions = new YamlPositions(parsePrecise(text));
      } catch {
        // The file already parsed once; if the positional parser cannot, positions fall back to 1:1.
        failed = true;
      }
    }
    return positions;
  };
  return {
    path,
    kind,
    text,
    data,
    locate: (pointer, at) => load()?.locate(pointer, at) ?? START,
    positions: load,
  };
}
