import { describe, expect, it } from 'vitest';
import type { Device, PackSpec } from '../model/types.js';
import { packCustomOf, packCustoms } from './pack-custom.js';

const board = (model: string, legato?: string): Device => ({
  file: `devices/${model}.yaml`,
  model,
  oem: 'Sierra',
  name: model,
  ...(legato ? { hardware: { 'legato-target': legato } } : {}),
});
const spec = (targets: string[], extra: Partial<PackSpec> = {}): PackSpec => ({
  file: 'packs/p.yaml',
  id: 'p',
  command: 'updateApp',
  name: 'helloWorld',
  version: '1.2.0',
  targets,
  ...extra,
});
const devices = [
  board('red', 'wp76xx'),
  board('red2', 'wp76xx'),
  board('yellow', 'wp77xx'),
  board('phone'),
];

describe('packCustomOf', () => {
  it('names the pack, its devices and the Legato target they share', () => {
    expect(packCustomOf(spec(['red', 'red2']), { devices })).toEqual({
      gitota: {
        pack: 'p',
        command: 'updateApp',
        name: 'helloWorld',
        version: '1.2.0',
        targets: ['red', 'red2'],
        legato_target: 'wp76xx',
      },
    });
  });

  it('names no Legato target when the devices disagree or have none, and no version when the spec has none', () => {
    expect(packCustomOf(spec(['red', 'yellow']), { devices }).gitota.legato_target).toBeUndefined();
    expect(packCustomOf(spec(['phone']), { devices }).gitota.legato_target).toBeUndefined();
    const removal = packCustomOf(spec([], { command: 'removeApp', version: undefined }), {
      devices,
    });
    expect(removal).toEqual({
      gitota: { pack: 'p', command: 'removeApp', name: 'helloWorld', targets: [] },
    });
  });

  it('keys every pack by its TUF target name', () => {
    const content = {
      devices,
      packs: [spec(['red']), spec(['yellow'], { id: 'q' })],
    } as Parameters<typeof packCustoms>[0];
    expect([...packCustoms(content).keys()]).toEqual(['packs/p.update', 'packs/q.update']);
  });
});
