/**
 * The signed `custom` of each Legato pack target (`packs/<id>.update`): what a
 * device needs to pick its packs from verified metadata alone (`gitota check
 * --legato TARGET`): the pack's spec id, command, name and version, the device
 * codenames it is for, and their Legato target (`hardware.legato-target`) when
 * they share one. Strings only (canonical JSON has no floats).
 */
import type { Content, PackSpec } from '../model/types.js';
import { packSitePath } from '../site/site-paths.js';

export interface PackCustom {
  gitota: {
    pack: string;
    command: PackSpec['command'];
    name: string;
    version?: string;
    /** Device codenames, sorted as the spec lists them. */
    targets: string[];
    /** The Legato target of those devices, when they all name the same one. */
    legato_target?: string;
  };
}

export function packCustomOf(spec: PackSpec, content: Pick<Content, 'devices'>): PackCustom {
  const targets = [...(spec.targets ?? [])];
  const legatoTargets = new Set(
    targets
      .map(
        (codename) =>
          content.devices.find((d) => d.model === codename)?.hardware?.['legato-target'],
      )
      .filter((t): t is string => t !== undefined),
  );
  const custom: PackCustom = {
    gitota: { pack: spec.id, command: spec.command, name: spec.name, targets },
  };
  if (spec.version !== undefined) custom.gitota.version = spec.version;
  const [legatoTarget] = legatoTargets;
  // Devices on different Legato targets cannot share one build of a pack: say nothing rather than one of them.
  if (legatoTargets.size === 1 && legatoTarget !== undefined)
    custom.gitota.legato_target = legatoTarget;
  return custom;
}

/** Site path of every pack → its `custom`. */
export function packCustoms(content: Content): Map<string, Record<string, unknown>> {
  return new Map(
    content.packs.map((spec) => [
      packSitePath(spec.id),
      packCustomOf(spec, content) as unknown as Record<string, unknown>,
    ]),
  );
}
