import type { DiagnosticCode } from '../../diagnostics/codes.js';
import { findUnsafeCharacter, formatCodePoint } from '../../diagnostics/unsafe-characters.js';
import { findDotSegmentProblem } from '../../site/dot-segments.js';
import { findNameProblem } from '../../site/portable-names.js';

/** The variables the TomTom updater expands in paths and URIs; anything else reaches the server literally. */
export const PATH_VARIABLES: readonly string[] = [
  '{muid}',
  '{hw-id}',
  '{dcp-id}',
  '{hw-sku-id}',
  '{sw-sku-id}',
];

/** File types the updater installs from `packages`; `special_packages` may carry any file. */
export const PACKAGE_EXTENSIONS: readonly string[] = ['.ttpkg', '.apk', '.zip'];

export interface PathProblem {
  code: DiagnosticCode;
  message: string;
  hint?: string;
}

/** Every `{...}` (or stray brace) that is not a known path variable. */
export function findUnknownVariables(text: string): PathProblem[] {
  const problems: PathProblem[] = [];
  const known = PATH_VARIABLES.join(' ');
  for (const match of text.matchAll(/\{[^{}]*\}|[{}]/g)) {
    if (PATH_VARIABLES.includes(match[0])) continue;
    problems.push({
      code: 'GITOTA156',
      message:
        match[0].length === 1
          ? `"${text}" has a stray "${match[0]}"`
          : `"${text}" uses ${match[0]}, which the device does not expand`,
      hint: `the path variables are ${known}`,
    });
  }
  return problems;
}

/**
 * Problems of a package `path`: a path relative to the package-list's own location, or an
 * absolute https URL. `inPackages` adds the file-type check that only `packages` has.
 */
export function findPackagePathProblems(path: string, inPackages: boolean): PathProblem[] {
  const problems: PathProblem[] = [...findUnknownVariables(path)];
  let rest = path;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(path);
  if (scheme) {
    if (!path.startsWith('https://')) {
      problems.push({
        code: 'GITOTA151',
        message: `"${path}" is a ${scheme[1]}: URL; only https:// URLs are allowed`,
        hint: 'use https://, or a path relative to the package-list',
      });
      return problems;
    }
    const afterHost = path.indexOf('/', 'https://'.length);
    rest = afterHost < 0 ? '' : path.slice(afterHost + 1).replace(/[?#].*$/, '');
    if (rest === '') {
      problems.push({ code: 'GITOTA151', message: `"${path}" names no file on its server` });
      return problems;
    }
  } else if (path.startsWith('/')) {
    problems.push({
      code: 'GITOTA151',
      message: `"${path}" starts with "/"`,
      hint: 'a package path is relative to the package-list, or an https:// URL',
    });
    return problems;
  }
  const unsafe = findUnsafeCharacter(path);
  if (unsafe !== undefined) {
    problems.push({
      code: 'GITOTA151',
      message: `"${path}" contains ${formatCodePoint(unsafe.codePoint)}, a control, bidi or invisible character`,
      hint: 'the device and every reader would see another path than reviewers did',
    });
    return problems;
  }
  if (rest.includes('\\')) {
    problems.push({
      code: 'GITOTA151',
      message: `"${path}" contains "\\"`,
      hint: 'use "/" between folders',
    });
    return problems;
  }
  const segments = rest.split('/');
  for (const segment of segments) {
    const problem = segment === '' ? 'has an empty segment' : findDotSegmentProblem(segment);
    if (problem === undefined) continue;
    problems.push({
      code: 'GITOTA151',
      message: `"${path}" ${problem}`,
      hint: 'a package path may not climb out of its folder or skip one',
    });
    return problems;
  }
  if (!scheme) {
    // A relative path is a file gitota publishes beside the list: it must be a portable name.
    for (const segment of segments) {
      const problem = findNameProblem(segment);
      if (problem === undefined) continue;
      problems.push({
        code: 'GITOTA151',
        message: `"${path}": "${segment}" ${problem.reason}`,
        hint: 'the site is one tree that Windows and macOS checkouts and CDNs must hold too',
      });
      return problems;
    }
  }
  const name = segments[segments.length - 1] ?? '';
  if (name.length > 255) {
    problems.push({
      code: 'GITOTA152',
      message: `file name of "${name.slice(0, 40)}..." is ${name.length} characters long; the limit is 255`,
    });
  }
  if (inPackages && !PACKAGE_EXTENSIONS.some((ext) => name.endsWith(ext))) {
    problems.push({
      code: 'GITOTA153',
      message: `"${name}" is not a ${PACKAGE_EXTENSIONS.join(', ')} file; the updater fails the whole update on it`,
      hint: 'files the updater may not know (a permissions whitelist, say) go in special_packages',
    });
  }
  return problems;
}

/** Whether the path is a plain relative path naming a file in the repository (no URL, no variables). */
export function isLocalPackagePath(path: string): boolean {
  return !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path) && !/[{}]/.test(path);
}
