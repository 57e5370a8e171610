import { editorSchemaPaths } from '../fmt/editor-schemas.js';
import type { FileKind } from '../load/source-file.js';

/** Where each kind's files sit, as glob patterns of the YAML language server's `yaml.schemas`. */
const KIND_GLOBS: Readonly<Record<FileKind, string[]>> = {
  config: ['gitota.yaml'],
  device: ['devices/*.yaml'],
  release: ['releases/*/*.yaml'],
  app: ['apps/*.yml'],
  'app-versions': ['apps/*/versions.yaml'],
  'package-list': ['package-lists/*.yaml'],
  'update-locations': ['update-locations/*.yaml'],
  pack: ['packs/*.yaml'],
};

/**
 * .vscode/settings.json: maps every kind's files to its schema in schemas/, so a
 * new file is completed and checked before it has its `$schema` comment (the
 * comment, which `gitota fmt` adds, serves every other editor).
 */
export function renderEditorSettings(): string {
  const schemas = Object.fromEntries(
    editorSchemaPaths().map(({ path, kind }) => [`./${path}`, KIND_GLOBS[kind]]),
  );
  return `${JSON.stringify({ 'yaml.schemas': schemas, 'files.associations': { '*.yaml': 'yaml', '*.yml': 'yaml' } }, null, 2)}\n`;
}

/** .vscode/extensions.json: the YAML language server's extension, suggested on opening the folder. */
export function renderEditorExtensions(): string {
  return `${JSON.stringify({ recommendations: ['redhat.vscode-yaml'] }, null, 2)}\n`;
}
