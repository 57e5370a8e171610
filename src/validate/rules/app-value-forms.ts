import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { BUILD_FLAGS, getBuildFlagType } from '../../model/fdroid-metadata-fields.js';
import type { AppMetadata } from '../../model/types.js';
import type { Rule, RuleContext } from './rule.js';
import { listValues } from './app-metadata-values.js';
import { reportAt, toPointer } from './report-at.js';

/** fdroidserver's VERCODE_OPERATION_RE: arithmetic on %c. */
const VERCODE_OPERATION = /^([ 0-9/*+-]|%c)+$/;
const BOOLEAN_FLAGS = BUILD_FLAGS.filter((flag) => getBuildFlagType(flag) === 'bool');

/**
 * Values fdroidserver reads but fdroid lint warns about, or reads in a way the
 * author rarely means: a VercodeOperation that is not arithmetic on %c, a
 * yes/no field written as text (Python's bool() makes "no" true), a build
 * without versionName (fdroid build cannot check the APK against it).
 */
export const appValueForms: Rule = {
  name: 'app-value-forms',
  description:
    'VercodeOperation is arithmetic on %c, yes/no fields are true or false, and every build names its versionName.',
  scope: 'file',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const app of ctx.content.apps) {
      checkVercodeOperations(ctx, app, out);
      checkFlag(
        ctx,
        app,
        app.metadata.RequiresRoot,
        'RequiresRoot',
        toPointer('RequiresRoot'),
        out,
      );
      const builds = app.metadata.Builds;
      if (!Array.isArray(builds)) continue;
      builds.forEach((entry: unknown, index) => {
        if (!entry || typeof entry !== 'object') return;
        const build = entry as Record<string, unknown>;
        for (const flag of BOOLEAN_FLAGS)
          checkFlag(ctx, app, build[flag], flag, toPointer('Builds', index, flag), out);
        if (
          build.versionName === undefined ||
          build.versionName === null ||
          build.versionName === ''
        ) {
          out.push(
            reportAt(ctx, {
              code: 'GITOTA271',
              severity: 'warning',
              file: app.file,
              pointer: toPointer('Builds', index),
              message: `build ${String(build.versionCode)} has no versionName`,
              hint: 'give the versionName the APK reports; fdroid build checks the APK against it',
            }),
          );
        }
      });
    }
    return out;
  },
};

function checkVercodeOperations(ctx: RuleContext, app: AppMetadata, out: Diagnostic[]): void {
  for (const [operation, pointer] of listValues(app.metadata, 'VercodeOperation')) {
    if (VERCODE_OPERATION.test(String(operation))) continue;
    out.push(
      reportAt(ctx, {
        code: 'GITOTA269',
        severity: 'warning',
        file: app.file,
        pointer,
        message: `VercodeOperation ${JSON.stringify(String(operation))} is not arithmetic on %c`,
        hint: 'use digits, spaces, + - * / and %c (the versionCode found), e.g. "10 * %c + 1" (fdroid lint warns about others)',
      }),
    );
  }
}

function checkFlag(
  ctx: RuleContext,
  app: AppMetadata,
  value: unknown,
  field: string,
  pointer: string,
  out: Diagnostic[],
): void {
  if (value === undefined || value === null || typeof value === 'boolean') return;
  const truth = value !== '' && value !== 0;
  out.push(
    reportAt(ctx, {
      code: 'GITOTA270',
      severity: 'warning',
      file: app.file,
      pointer,
      message: `${field} is ${JSON.stringify(value)}, not true or false; F-Droid reads it as ${truth}`,
      hint: `write ${field}: ${truth}`,
    }),
  );
}
