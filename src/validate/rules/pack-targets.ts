import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { collectFileStems, reportAt, toPointer } from './report-at.js';

/** A pack's `targets` name devices of this repository: a typo would silently ship the pack to nobody. */
export const packTargets: Rule = {
  name: 'pack-targets',
  description: 'Every pack target names a known device.',
  check(ctx) {
    const known = collectFileStems(ctx, 'device');
    for (const device of ctx.content.devices) known.add(device.model);
    const out: Diagnostic[] = [];
    for (const pack of ctx.content.packs) {
      (pack.targets ?? []).forEach((target, index) => {
        if (known.has(target)) return;
        out.push(
          reportAt(ctx, {
            code: 'GITOTA202',
            file: pack.file,
            pointer: toPointer('targets', index),
            message: `target "${target}" names no known device: devices/${target}.yaml does not exist`,
            hint: 'targets are device codenames (the model of a file in devices/)',
          }),
        );
      });
    }
    return out;
  },
};
