/** "MAJOR.MINOR" as two numbers, or undefined (the schema reports a malformed version). */
export function parseReleaseVersion(version: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(version);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2])];
}

/** Numeric comparison, so 22.10 is newer than 22.9. */
export function compareReleaseVersions(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}
