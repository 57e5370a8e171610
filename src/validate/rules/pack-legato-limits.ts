import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { PackPayload } from '../../model/types.js';
import { checkHeaderText, MAX_PAYLOAD_BYTES } from '../../model/pack-header-limits.js';
import type { Rule } from './rule.js';
import { reportAt, toPointer } from './report-at.js';

/**
 * What Legato's header format and update daemon impose on a pack spec, so that
 * a pack that validates is one gitota can write and the device accepts: names
 * and versions that go into the header unescaped, payload sizes the device
 * takes, targets that are Legato devices.
 */
export const packLegatoLimits: Rule = {
  name: 'pack-legato-limits',
  description: 'Pack names, versions, payload sizes and targets fit what Legato devices take.',
  async check(ctx) {
    const out: Diagnostic[] = [];
    const legatoDevices = new Map(
      ctx.content.devices.map((d) => [d.model, d.hardware?.['legato-target']]),
    );
    for (const pack of ctx.content.packs) {
      const text = (kind: 'name' | 'version', value: string | undefined, pointer: string): void => {
        const problem = value === undefined ? undefined : checkHeaderText(kind, value);
        if (problem) {
          out.push(
            reportAt(ctx, {
              code: 'GITOTA220',
              file: pack.file,
              pointer,
              message: `${kind} ${JSON.stringify(value)} ${problem}`,
            }),
          );
        }
      };
      if (pack.command === 'updateApp' || pack.command === 'removeApp')
        text('name', pack.name, '/name');
      if (pack.command === 'updateApp') text('version', pack.version, '/version');
      const payloads: Array<[PackPayload, string]> = pack.payload
        ? [[pack.payload, '/payload']]
        : [];
      (pack.apps ?? []).forEach((app, i) => {
        text('name', app.name, toPointer('apps', i, 'name'));
        text('version', app.version, toPointer('apps', i, 'version'));
        if (!app.preloaded) payloads.push([app.payload, toPointer('apps', i, 'payload')]);
      });
      for (const [payload, pointer] of payloads) {
        const path =
          'staging' in payload ? undefined : 'tarball' in payload ? payload.tarball : payload.file;
        if (path === undefined) continue;
        const size = await ctx.repo.size(path);
        if (size === 0) {
          out.push(
            reportAt(ctx, {
              code: 'GITOTA222',
              file: pack.file,
              pointer,
              message: `payload ${path} is empty; the device refuses a section of size 0`,
            }),
          );
        } else if (size !== undefined && size > MAX_PAYLOAD_BYTES) {
          out.push(
            reportAt(ctx, {
              code: 'GITOTA223',
              file: pack.file,
              pointer,
              message: `payload ${path} is ${size} bytes; a 32-bit Legato target takes at most ${MAX_PAYLOAD_BYTES}`,
            }),
          );
        }
      }
      (pack.targets ?? []).forEach((target, i) => {
        // Unknown devices are pack-targets' finding; here, known devices that are not Legato modules.
        if (legatoDevices.has(target) && !legatoDevices.get(target)) {
          out.push(
            reportAt(ctx, {
              code: 'GITOTA224',
              file: pack.file,
              pointer: toPointer('targets', i),
              message: `target "${target}" is not a Legato device: devices/${target}.yaml has no hardware.legato-target`,
              hint: 'add `hardware: {legato-target: ...}` to the device, or drop it from targets',
            }),
          );
        }
      });
    }
    return out;
  },
};
