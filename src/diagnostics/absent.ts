/**
 * "Nothing is at that path" as a file-system error says it: the path does not
 * exist, or it runs through a file. Every other error (no permission, a folder
 * where a file was asked for, a failing disk) is a real failure and is thrown on.
 */
const ABSENT_CODES = new Set(['ENOENT', 'ENOTDIR']);

export function isAbsent(error: unknown): boolean {
  return error instanceof Error && ABSENT_CODES.has((error as NodeJS.ErrnoException).code ?? '');
}

/** For `.catch`: `fallback` when the path is absent, the error thrown on otherwise. */
export function whenAbsent<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if (isAbsent(error)) return fallback;
    throw error;
  };
}
