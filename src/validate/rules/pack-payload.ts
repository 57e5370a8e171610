import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { PackPayload, PackSpec } from '../../model/types.js';
import type { Rule, RuleContext } from './rule.js';
import { reportAt, toPointer } from './report-at.js';
import { checkRepoPath } from '../../git/repo-path.js';
import { trackedPathFinding } from './tracked-path.js';

/**
 * Every payload a pack spec names (its own and, for a system pack, each app's) exists
 * as the right kind of thing — a tarball or firmware file, or a staging directory — and
 * matches its declared sha256, so a pack is built from exactly what was reviewed.
 */
export const packPayload: Rule = {
  name: 'pack-payload',
  description:
    'Pack payloads are tracked content, exist, are files (tarball, file) or directories (staging), and match their sha256.',
  async check(ctx) {
    const out: Diagnostic[] = [];
    for (const pack of ctx.content.packs) {
      if (pack.payload) out.push(...(await checkPayload(ctx, pack, pack.payload, ['payload'])));
      for (const [index, app] of (pack.apps ?? []).entries()) {
        out.push(...(await checkPayload(ctx, pack, app.payload, ['apps', index, 'payload'])));
      }
    }
    return out;
  },
};

async function checkPayload(
  ctx: RuleContext,
  pack: PackSpec,
  payload: PackPayload,
  at: Array<string | number>,
): Promise<Diagnostic[]> {
  const source = findPayloadSource(payload);
  if (!source) return [];
  const { key, path } = source;
  const pointer = toPointer(...at, key);
  const problem = checkRepoPath(path);
  if (problem !== undefined) {
    return [
      reportAt(ctx, {
        code: 'GITOTA204',
        file: pack.file,
        pointer,
        message: `${key} "${path}" is unsafe: ${problem}`,
        hint: 'give a path relative to the repository root',
      }),
    ];
  }
  const refused = await trackedPathFinding(ctx, { file: pack.file, pointer, path });
  if (refused !== undefined) return [refused];
  if (key === 'staging') {
    if (await ctx.repo.isDirectory(path)) return [];
    const isFile = (await ctx.repo.size(path)) !== undefined;
    return [
      reportAt(ctx, {
        code: 'GITOTA200',
        file: pack.file,
        pointer,
        message: isFile
          ? `staging ${path} is a file, not a directory`
          : `staging directory ${path} does not exist`,
        hint: isFile
          ? 'a ready-made tar.bz2 goes in payload: {tarball: ...}'
          : 'staging names a directory gitota packs into a tar.bz2',
      }),
    ];
  }
  const size = await ctx.repo.size(path);
  if (size === undefined) {
    const isDirectory = await ctx.repo.isDirectory(path);
    return [
      reportAt(ctx, {
        code: 'GITOTA200',
        file: pack.file,
        pointer,
        message: isDirectory
          ? `${key} ${path} is a directory, not a file`
          : `${key} ${path} does not exist`,
        hint: isDirectory
          ? 'a directory to pack goes in payload: {staging: ...}'
          : 'add the file, or fix the path',
      }),
    ];
  }
  const declared = payload.sha256;
  if (declared === undefined) return [];
  const actual = await ctx.repo.sha256(path);
  if (actual === undefined || actual === declared.toLowerCase()) return [];
  return [
    reportAt(ctx, {
      code: 'GITOTA201',
      file: pack.file,
      pointer: toPointer(...at, 'sha256'),
      message: `sha256 is ${declared} but ${path} hashes to ${actual}`,
      hint: 'the payload changed since the spec was written: rebuild it, or update sha256 after review',
    }),
  ];
}

/** Which of the three payload forms a spec uses, and its path. */
function findPayloadSource(
  payload: PackPayload,
): { key: 'tarball' | 'staging' | 'file'; path: string } | undefined {
  if ('tarball' in payload && typeof payload.tarball === 'string')
    return { key: 'tarball', path: payload.tarball };
  if ('staging' in payload && typeof payload.staging === 'string')
    return { key: 'staging', path: payload.staging };
  if ('file' in payload && typeof payload.file === 'string')
    return { key: 'file', path: payload.file };
  return undefined;
}
