/** One file of a synthetic repository: repository path and bytes (text files as strings). */
export interface SynthFile {
  path: string;
  content: string | Uint8Array;
}

/** A YAML double-quoted scalar: JSON's string syntax is a subset of it. */
export function quoteYaml(value: string): string {
  return JSON.stringify(value);
}

/** The first line every content file carries, so editors check it against its schema. */
export function schemaComment(path: string, schema: string): string {
  const depth = path.split('/').length - 1;
  return `# yaml-language-server: $schema=${'../'.repeat(depth)}schemas/${schema}.schema.json\n`;
}
