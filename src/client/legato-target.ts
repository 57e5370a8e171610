/**
 * `gitota check --legato TARGET`: the packs a Legato device applies, chosen
 * from verified metadata alone. TARGET is a pack path (`packs/<id>.update`), a
 * pack id, a device codename or a Legato target (`hardware.legato-target`, e.g.
 * `wp76xx`). Packs are TUF targets of the role that lists `packs/` (the `site`
 * role), each with a signed `custom.gitota` naming its devices and their Legato
 * target (src/tuf/pack-custom.ts): the choice reads those, never an unsigned
 * listing, and every chosen pack is then downloaded and read as the device's
 * update daemon reads it (checkLegatoPack).
 */
import { compareStrings } from '../diagnostics/diagnostic.js';
import { SITE_ROLE } from '../site/site-roles.js';
import { ClientError } from './errors.js';
import { checkLegatoPack, PACK_PATH, type LegatoCheckResult } from './legato-check.js';
import type { TufSession } from './tuf-session.js';
import { packSitePath } from '../site/site-paths.js';

export interface LegatoTargetResult {
  /** What was asked for: a device codename or a Legato target. */
  target: string;
  /** How TARGET matched the packs' signed custom data. */
  matchedBy: 'device' | 'legato-target';
  /** Every pack for TARGET, by pack id. */
  packs: LegatoCheckResult[];
  /** True when the device accepts every one of them. */
  accepted: boolean;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

interface SignedPack {
  path: string;
  targets: string[];
  legatoTarget?: string;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Pack targets of a verified role's `targets`, with what their signed custom says. */
export function signedPacksOf(targets: Record<string, unknown>): SignedPack[] {
  const packs: SignedPack[] = [];
  for (const [path, info] of Object.entries(targets)) {
    if (!PACK_PATH.test(path)) continue;
    const gitota = objectOf(objectOf(objectOf(info)?.custom)?.gitota);
    if (!gitota) continue;
    const list = gitota.targets;
    const legato = gitota.legato_target;
    packs.push({
      path,
      targets: Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [],
      ...(typeof legato === 'string' ? { legatoTarget: legato } : {}),
    });
  }
  return packs.sort((a, b) => compareStrings(a.path, b.path));
}

/**
 * One pack (a path or id: LegatoCheckResult, as before), or every pack of a
 * device or Legato target (LegatoTargetResult).
 */
export async function checkLegato(
  session: TufSession,
  target: string,
  downloadDir?: string,
): Promise<LegatoCheckResult | LegatoTargetResult> {
  if (PACK_PATH.test(target)) return checkLegatoPack(session, target, downloadDir);
  if (!SAFE_NAME.test(target))
    throw new ClientError(
      'NOT_FOUND',
      `"${target}" is neither a pack path (packs/<id>.update), a pack id, a device nor a Legato target`,
    );
  // Looking the pack id up also loads the role that lists every pack.
  if ((await session.targetInfo(packSitePath(target))) !== undefined)
    return checkLegatoPack(session, packSitePath(target), downloadDir);
  const listed = signedPacksOf((await session.loadedRoleTargets(SITE_ROLE)) ?? {});
  const forDevice = listed.filter((p) => p.targets.includes(target));
  const matchedBy = forDevice.length > 0 ? 'device' : 'legato-target';
  const chosen = forDevice.length > 0 ? forDevice : listed.filter((p) => p.legatoTarget === target);
  if (chosen.length === 0)
    throw new ClientError(
      'NOT_FOUND',
      `the signed metadata lists no pack for "${target}" (a pack id, a device codename or a Legato target)`,
    );
  const packs: LegatoCheckResult[] = [];
  for (const pack of chosen) packs.push(await checkLegatoPack(session, pack.path, downloadDir));
  return { target, matchedBy, packs, accepted: packs.every((p) => p.accepted) };
}

export function isLegatoTargetResult(
  result: LegatoCheckResult | LegatoTargetResult,
): result is LegatoTargetResult {
  return 'packs' in result;
}
