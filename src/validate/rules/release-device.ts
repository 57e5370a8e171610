import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { collectFileStems, reportAt } from './report-at.js';

/** The folder a release sits in (`releases/<codename>/`); undefined when it sits elsewhere (the loader reports that). */
export function findReleaseFolder(file: string): string | undefined {
  const parts = file.split('/');
  return parts.length === 3 && parts[0] === 'releases' ? parts[1] : undefined;
}

/** A release belongs to a known device: its folder names one, and its `device` field agrees with the folder. */
export const releaseDevice: Rule = {
  name: 'release-device',
  description:
    'A release sits in releases/<codename>/ of a known device and its `device` equals that codename.',
  check(ctx) {
    const known = collectFileStems(ctx, 'device');
    for (const device of ctx.content.devices) known.add(device.model);
    const out: Diagnostic[] = [];
    for (const release of ctx.content.releases) {
      const folder = findReleaseFolder(release.file);
      if (folder === undefined) continue;
      // The model may already carry the folder as `device`; what was written is in the source.
      const written = (ctx.files.get(release.file)?.data as { device?: unknown } | undefined)
        ?.device;
      const declared = typeof written === 'string' ? written : release.device;
      if (declared !== folder) {
        out.push(
          reportAt(ctx, {
            code: 'GITOTA101',
            file: release.file,
            pointer: '/device',
            message: `release says device "${declared}" but sits in releases/${folder}/`,
            hint: `set device: ${folder}, or move the file to releases/${declared}/`,
          }),
        );
      }
      if (!known.has(folder)) {
        out.push(
          reportAt(ctx, {
            code: 'GITOTA100',
            file: release.file,
            pointer: declared === folder ? '/device' : '',
            message: `releases/${folder}/ names no known device: devices/${folder}.yaml does not exist`,
            hint: suggestDevice(folder, known),
          }),
        );
      }
    }
    return out;
  },
};

function suggestDevice(folder: string, known: Set<string>): string {
  const lower = folder.toLowerCase();
  const near = [...known].find((k) => k.toLowerCase() === lower);
  if (near !== undefined) return `codenames are case-sensitive: did you mean "${near}"?`;
  return `add devices/${folder}.yaml (gitota import lineage-devices can create it), or fix the folder name`;
}
