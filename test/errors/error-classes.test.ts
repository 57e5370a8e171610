/**
 * Every error class gitota exports says what it is: `name` is its class name
 * and `code` is stable (an upper-case word, or the GITOTAnnn it is printed
 * under). The classes are found in the source, so a new one fails here until
 * it is listed with an instance.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionInputError } from '../../src/action/action-inputs.js';
import { UsageError } from '../../src/cli/io.js';
import { ClientError, FetchError } from '../../src/client/errors.js';
import { ApkError } from '../../src/fdroid/apk/zip-reader.js';
import { FdroidKeyError } from '../../src/fdroid/certificate.js';
import { JarVerifyError } from '../../src/fdroid/verify-jar.js';
import { TrackedTreeError } from '../../src/git/open-tracked-tree.js';
import { TrackedContentError, type Refusal } from '../../src/git/refusal.js';
import { GitError } from '../../src/git/run-git.js';
import { GitHubApiError } from '../../src/github/errors.js';
import { InitError } from '../../src/init/init-errors.js';
import { InputFileError } from '../../src/load/open-regular-file.js';
import {
  PackError,
  PackInputError,
  PackPayloadRefusedError,
  PackSpecError,
  PackToolError,
  TarFormatError,
  TarLimitError,
} from '../../src/packs/errors.js';
import { ArtifactStoreError } from '../../src/publish/artifact-store.js';
import { SitePathConflictError } from '../../src/publish/build-site.js';
import { PublishError } from '../../src/publish/publish-errors.js';
import { SiteWriteError } from '../../src/publish/write-site.js';
import { StageFailedError } from '../../bench/stages/run-measured.js';
import { CanonicalJsonError } from '../../src/tuf/canonical-json.js';
import { KeyError, TrustError } from '../../src/tuf/errors.js';
import { AppCheckFailure } from '../../src/updates/app-update-error.js';
import { UpstreamError } from '../../src/updates/errors.js';
import { MetadataEditError } from '../../src/updates/metadata-text.js';
import { PatternError, PatternTimeout } from '../../src/updates/python-regex.js';
import { VercodeOperationError } from '../../src/updates/version-code.js';
import { SchemaCompileError } from '../../src/validate/schemas.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** The shipped code and the benchmark (a dev-only entry with errors of its own). */
const SOURCE_DIRS = ['src', 'bench'].map((dir) => join(ROOT, dir));
const CODE = /^[A-Z][A-Z0-9_]*$|^GITOTA\d{3}$/;
const cause = new Error('the cause');
const refusal: Refusal = { code: 'GITOTA002', message: 'too large', hint: 'smaller' };

/** One instance of each exported error class, made with `cause` where the class takes one. */
const INSTANCES: Error[] = [
  new ActionInputError('m'),
  new UsageError('m'),
  new ClientError('SETUP', 'm', { cause }),
  new FetchError('NETWORK', 'm', undefined, { cause }),
  new ApkError('APK_ZIP', 'm', { cause }),
  new FdroidKeyError('m', { cause }),
  new JarVerifyError('m'),
  new TrackedTreeError('m'),
  new TrackedContentError(refusal, { cause }),
  new GitError('m', ['status'], 1, '', { cause }),
  new GitHubApiError('GITHUB_NOT_FOUND', 'm', 404, { cause }),
  new InitError('GITOTA700', 'm', { cause }),
  new InputFileError('GITOTA410', 'f', 'm', { cause }),
  new PackError('m'),
  new PackInputError('m'),
  new PackPayloadRefusedError('f', refusal, { cause }),
  new PackSpecError('m'),
  new PackToolError('m', { cause }),
  new TarFormatError('m', false, { cause }),
  new TarLimitError('bytes', 'm'),
  new ArtifactStoreError('m'),
  new SitePathConflictError('p', ['a', 'b']),
  new PublishError('PUBLISH_INTERRUPTED', 'm', { cause }),
  new SiteWriteError('WRITE_FAILED', 'm', { cause }),
  new StageFailedError('m'),
  new CanonicalJsonError('m'),
  new KeyError('KEY_FILE', 'm', { cause }),
  new TrustError('TRUST_NO_ROOT', 'm', { cause }),
  new AppCheckFailure('GITOTA610', 'm', 'Binaries', undefined, { cause }),
  new UpstreamError('UPSTREAM_MALFORMED', 'm', { cause }),
  new MetadataEditError('m'),
  new PatternError('m'),
  new PatternTimeout('m'),
  new VercodeOperationError('m'),
  new SchemaCompileError('m'),
];

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
  }
  return files;
}

/** `export class X extends Y` of every source file, as X → Y. */
async function exportedClasses(): Promise<Map<string, { base: string; file: string }>> {
  const classes = new Map<string, { base: string; file: string }>();
  for (const dir of SOURCE_DIRS)
    for (const file of await sourceFiles(dir)) {
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(/^export class (\w+) extends (\w+)/gm))
        classes.set(m[1]!, { base: m[2]!, file: relative(ROOT, file) });
    }
  return classes;
}

function isErrorClass(name: string, classes: Map<string, { base: string }>): boolean {
  for (let at: string | undefined = name; at !== undefined; at = classes.get(at)?.base)
    if (at === 'Error') return true;
  return false;
}

describe('error classes', () => {
  it('every exported error class is listed here', async () => {
    const classes = await exportedClasses();
    const found = [...classes.keys()].filter((name) => isErrorClass(name, classes)).sort();
    expect(found.length).toBeGreaterThan(30);
    expect(INSTANCES.map((e) => e.constructor.name).sort()).toEqual(found);
  });

  it.each(INSTANCES.map((e) => [e.constructor.name, e] as const))(
    '%s: name is the class name, code is stable, cause is kept',
    (className, error) => {
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(className);
      expect((error as { code?: unknown }).code).toMatch(CODE);
      if (error.cause !== undefined) expect(error.cause).toBe(cause);
    },
  );
});
