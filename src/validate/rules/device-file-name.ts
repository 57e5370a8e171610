import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { reportAt } from './report-at.js';

/** `devices/<codename>.yaml` must hold the device whose `model` is that codename: releases find devices by file name. */
export const deviceFileName: Rule = {
  name: 'device-file-name',
  description: 'A device file is named after its model (codename).',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const device of ctx.content.devices) {
      const base = device.file.slice(device.file.lastIndexOf('/') + 1);
      const stem = base.replace(/\.ya?ml$/, '');
      if (stem === device.model) continue;
      out.push(
        reportAt(ctx, {
          code: 'GITOTA102',
          file: device.file,
          pointer: '/model',
          message: `device file is named "${stem}" but its model is "${device.model}"`,
          hint: `rename the file to devices/${device.model}.yaml, or set model: ${stem}`,
        }),
      );
    }
    return out;
  },
};
