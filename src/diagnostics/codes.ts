/**
 * Every diagnostic code gitota emits, with a one-line summary. Codes are stable:
 * never reuse a retired number. Ranges by area:
 *   001–049 load (files, YAML syntax and safety)
 *   050–099 schema (shape, types, unknown keys)
 *   100–149 release and device rules
 *   150–199 TomTom package-list / update-locations rules
 *   200–249 Legato pack spec rules
 *   250–299 F-Droid app metadata rules
 *   300–349 Legato pack reader (`gitota pack verify`)
 *   350–399 F-Droid repository build
 *   400–449 build / site
 *   450–499 trust (TUF, keys)
 *   500–549 plan / publish / approvals
 */
export const CODES = {
  // load
  GITOTA001: 'file cannot be read',
  GITOTA002: 'file is larger than the size limit',
  GITOTA003: 'file is not valid UTF-8',
  GITOTA004: 'YAML syntax error',
  GITOTA005: 'duplicate key in a mapping',
  GITOTA006: 'too many aliases (possible YAML bomb)',
  GITOTA007: 'symbolic link leaves the repository',
  GITOTA008: 'path contains a `..` segment or is otherwise unsafe',
  GITOTA009: 'file is empty',
  GITOTA010: 'file holds several YAML documents',
  GITOTA011: 'unquoted numeric version string loses digits',
  GITOTA012: 'file is not where its kind belongs',
  GITOTA013: 'symbolic link (not followed)',
  GITOTA014: 'YAML tag not allowed',
} as const satisfies Record<string, string>;

export type DiagnosticCode = keyof typeof CODES;
