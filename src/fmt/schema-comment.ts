import type { FileKind } from '../load/source-file.js';

/** The schema file of each kind, in `schemas/`. */
export const SCHEMA_FILES: Readonly<Record<FileKind, string>> = {
  config: 'gitota.schema.json',
  device: 'device.schema.json',
  release: 'release.schema.json',
  app: 'app.schema.json',
  'app-versions': 'app-versions.schema.json',
  'package-list': 'package-list.schema.json',
  'update-locations': 'update-locations.schema.json',
  pack: 'pack.schema.json',
};

/** `# yaml-language-server: $schema=../schemas/device.schema.json` for a file at `path` (relative to the root). */
export function schemaComment(path: string, kind: FileKind): string {
  const depth = path.split('/').length - 1;
  return `# yaml-language-server: $schema=${'../'.repeat(depth)}schemas/${SCHEMA_FILES[kind]}`;
}

const SCHEMA_LINE = /^#\s*yaml-language-server:\s*\$schema=/;

/** The text with the schema comment as its first line, added when missing (one that is there, wherever it points, is kept). */
export function withSchemaComment(path: string, kind: FileKind, text: string): string {
  if (SCHEMA_LINE.test(text)) return text;
  return `${schemaComment(path, kind)}\n${text}`;
}
