/**
 * The Legato pack a device applies, verified: found by its site path
 * (`packs/<id>.update`, whose consistent-snapshot copy is `packs/<sha256>.<id>.update`) or by its spec id, downloaded through TUF,
 * then read as Legato's update daemon reads it (`readPack`): a pack the device
 * would reject is reported, not applied.
 */
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readPack, type PackSection } from '../packs/read-pack.js';
import { ClientError } from './errors.js';
import type { TufSession } from './tuf-session.js';
import { makeTempDir } from '../load/temp-paths.js';
import { packSitePath } from '../site/site-paths.js';

export interface LegatoCheckResult {
  /** The pack's site path. */
  target: string;
  sha256: string;
  size: number;
  sections: Array<Pick<PackSection, 'command' | 'name' | 'version' | 'md5' | 'size'>>;
  /** True when neither the device nor gitota refuses the pack. */
  accepted: boolean;
  findings: Array<{ code: string; rejectedBy: 'device' | 'gitota'; message: string }>;
  downloaded?: string;
}

export const PACK_PATH = /^packs\/[A-Za-z0-9][A-Za-z0-9._-]*\.update$/;

export async function checkLegatoPack(
  session: TufSession,
  pack: string,
  downloadDir?: string,
): Promise<LegatoCheckResult> {
  const target = PACK_PATH.test(pack) ? pack : packTargetOf(pack);
  const info = await session.requireTarget(target);
  const temp = await makeTempDir('gitota-pack-');
  const work = temp.path;
  try {
    if (downloadDir !== undefined) await mkdir(downloadDir, { recursive: true });
    const dest = join(downloadDir ?? work, basename(target));
    await session.download(info, dest);
    const report = await readPack(dest, { displayPath: target });
    const findings = report.findings.map((f) => ({
      code: f.code,
      rejectedBy: f.rejectedBy,
      message: f.message,
    }));
    const result: LegatoCheckResult = {
      target,
      sha256: info.hashes.sha256!,
      size: info.length,
      sections: report.sections.map((s) => {
        const out: LegatoCheckResult['sections'][number] = { command: s.command };
        if (s.name !== undefined) out.name = s.name;
        if (s.version !== undefined) out.version = s.version;
        if (s.md5 !== undefined) out.md5 = s.md5;
        if (s.size !== undefined) out.size = s.size;
        return out;
      }),
      accepted: findings.length === 0,
      findings,
    };
    if (downloadDir !== undefined) {
      if (!result.accepted) await rm(dest, { force: true });
      else result.downloaded = dest;
    }
    return result;
  } finally {
    await temp.remove();
  }
}

/** The TUF target of pack spec `id`: `packs/<id>.update` (served as `packs/<sha256>.<id>.update`). */
function packTargetOf(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id))
    throw new ClientError(
      'NOT_FOUND',
      `"${id}" is neither a pack path (packs/<id>.update) nor a pack id`,
    );
  return packSitePath(id);
}
