import type { Prng } from './prng.js';
import { schemaComment, type SynthFile } from './synth-file.js';

/**
 * `lists` TomTom package-lists of `packages` entries each (a few excluded or
 * externally managed, as fleets use them), every package file a small
 * stand-in beside its list, and one update-locations per three lists.
 */
export function synthesizeTomTom(lists: number, packages: number, prng: Prng): SynthFile[] {
  const out: SynthFile[] = [];
  const names: string[] = [];
  for (let l = 1; l <= lists; l++) {
    const name = `fleet-${String(l).padStart(3, '0')}`;
    names.push(name);
    const path = `package-lists/${name}.yaml`;
    const lines = [
      'schema: "1"',
      'release:',
      `  title: Fleet list ${l}`,
      `  version: "2026.${l}.0"`,
      'packages:',
    ];
    for (let p = 1; p <= packages; p++) {
      const pkg = `package-${l}-${p}`;
      if (p === packages && l > 1) {
        // The last entry of every later list drops the first package of the list before it.
        lines.push(`  - name: package-${l - 1}-1`, '    exclude: true');
        continue;
      }
      if (p === packages - 1) {
        lines.push(`  - name: ${pkg}`, '    externally_managed: true');
        continue;
      }
      const version = `${prng.int(1, 9)}.${prng.int(0, 20)}.${prng.int(0, 99)}`;
      const file = `${pkg}_${version}_arm.ttpkg`;
      lines.push(`  - name: ${pkg}`, `    path: ${file}`, `    version: "${version}"`);
      if (p === 1) lines.push('    reboot: true');
      out.push({ path: `package-lists/${name}/${file}`, content: prng.bytes(prng.int(64, 512)) });
    }
    out.push({ path, content: `${schemaComment(path, 'package-list')}${lines.join('\n')}\n` });
  }
  for (let u = 0; u * 3 < names.length; u++) {
    const path = `update-locations/region-${String(u + 1).padStart(2, '0')}.yaml`;
    const lines = ['schema: "2"', 'uris:'];
    names.slice(u * 3, u * 3 + 3).forEach((list, i) => {
      lines.push(`  - list: ${list}`);
      if (i === 2) lines.push('    optional: true');
    });
    lines.push(`update_scan_interval: ${prng.pick([60, 240, 1440])}`);
    out.push({ path, content: `${schemaComment(path, 'update-locations')}${lines.join('\n')}\n` });
  }
  return out;
}
