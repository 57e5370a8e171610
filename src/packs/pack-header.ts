/**
 * The JSON headers of Legato update pack sections, byte for byte as Legato's
 * own tools print them (mkTools' PackApp/PackSystem rules and the
 * `update-pack` script): no escaping at all, which is why names and versions
 * are validated to need none (see `checkHeaderText` in src/model/pack-header-limits.ts).
 */
export type PackSectionHeader =
  | { command: 'updateApp'; name: string; version: string; md5: string; size: number }
  | { command: 'updateSystem'; md5: string; size: number }
  | { command: 'removeApp'; name: string }
  | { command: 'updateFirmware'; size: number };

export function formatPackHeader(header: PackSectionHeader): string {
  switch (header.command) {
    case 'updateApp':
      return `{\n"command":"updateApp",\n"name":"${header.name}",\n"version":"${header.version}",\n"md5":"${header.md5}",\n"size":${header.size}\n}`;
    case 'updateSystem':
      return `{\n"command":"updateSystem",\n"md5":"${header.md5}",\n"size":${header.size}\n}`;
    case 'removeApp':
      return `{\n  "command":"removeApp",\n  "name":"${header.name}"\n}`;
    case 'updateFirmware':
      return `{\n  "command":"updateFirmware",\n  "size":${header.size}\n}`;
  }
}

export function encodePackHeader(header: PackSectionHeader): Buffer {
  return Buffer.from(formatPackHeader(header), 'utf8');
}
