import { createHash } from 'node:crypto';
import type { Prng } from './prng.js';
import { quoteYaml, schemaComment, type SynthFile } from './synth-file.js';

/**
 * `count` Legato pack specs for the `targets` devices, cycling through what
 * fleets ship: an app from a staging directory, a firmware image (with its
 * sha256), and the removal of an app. Payloads are small generated files.
 */
export function synthesizePacks(
  count: number,
  targets: readonly string[],
  prng: Prng,
): SynthFile[] {
  const out: SynthFile[] = [];
  const targetLines = ['targets:', ...targets.map((t) => `  - ${quoteYaml(t)}`)];
  for (let n = 1; n <= count; n++) {
    const id = `bench-${String(n).padStart(2, '0')}`;
    const app = `benchApp${n}`;
    const path = `packs/${id}.yaml`;
    let body: string[];
    switch (n % 3) {
      case 1: {
        const version = `1.${n}.0`;
        const staging = `packs/${id}/staging`;
        out.push(
          {
            path: `${staging}/info.properties`,
            content: `app.name=${app}\napp.version=${version}\nlegato.version=19.11.0\n`,
          },
          { path: `${staging}/root.cfg`, content: '{\n  "maxFileSystemBytes": 131072\n}\n' },
          { path: `${staging}/bin/${app}`, content: prng.bytes(prng.int(2048, 8192)) },
          { path: `${staging}/read-only/data.txt`, content: `${app} ${version}\n` },
        );
        body = [
          'command: updateApp',
          `name: ${app}`,
          `version: "${version}"`,
          'payload:',
          `  staging: ${staging}`,
        ];
        break;
      }
      case 2: {
        const file = `packs/${id}/firmware.cwe`;
        const bytes = prng.bytes(prng.int(16_384, 65_536));
        out.push({ path: file, content: bytes });
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        body = [
          'command: updateFirmware',
          `name: ${id}-firmware`,
          'payload:',
          `  file: ${file}`,
          `  sha256: ${sha256}`,
        ];
        break;
      }
      default:
        body = ['command: removeApp', `name: benchApp${n - 2}`];
    }
    out.push({
      path,
      content: `${schemaComment(path, 'pack')}${[...body, ...targetLines].join('\n')}\n`,
    });
  }
  return out;
}
