/**
 * The second signed word on a build: its zip's TUF target carries the release's
 * policy in `custom.gitota` (src/tuf/release-custom.ts). When the file is a
 * target of the site, the client checks it agrees with the manifest before
 * downloading: a paused or pulled build is offered to no one, and a zip signed
 * for another device, channel or build is not this one.
 */
import type { ManifestBuild } from '../formats/gitota-manifest.js';
import { ClientError } from './errors.js';
import { Reader, readRollout } from './parse-manifest.js';

export interface ExpectedRelease {
  device: string;
  channel: string;
  build: ManifestBuild;
  /** For a delta zip: the build it starts from. */
  from?: string;
}

export function checkReleaseCustom(
  custom: Record<string, unknown>,
  path: string,
  expected: ExpectedRelease,
): void {
  const at = new Reader(`${path} (signed custom)`);
  if (custom.gitota === undefined) return;
  const g = at.object(custom.gitota, 'gitota');
  const mismatch = (what: string, signed: unknown, wanted: unknown) =>
    new ClientError(
      'MISMATCH',
      `${path} is signed as ${what} ${JSON.stringify(signed)}, but the manifest offers ${JSON.stringify(wanted)}`,
    );
  const status = at.string(g.status, 'gitota.status');
  if (status !== 'published')
    throw new ClientError('MISMATCH', `${path} is ${status}: offered to no one`);
  const device = at.string(g.device, 'gitota.device');
  if (device !== expected.device) throw mismatch('device', device, expected.device);
  const channel = at.string(g.channel, 'gitota.channel');
  if (channel !== expected.channel) throw mismatch('channel', channel, expected.channel);
  const version = at.string(g.version, 'gitota.version');
  if (version !== expected.build.version)
    throw mismatch('version', version, expected.build.version);
  const datetime = at.integer(g.datetime, 'gitota.datetime');
  if (datetime !== expected.build.datetime)
    throw mismatch('build date', datetime, expected.build.datetime);
  if (expected.from === undefined) {
    const release = at.string(g.release, 'gitota.release');
    if (release !== expected.build.id) throw mismatch('release', release, expected.build.id);
    const signedRollout =
      g.rollout === undefined ? undefined : readRollout(at, g.rollout, 'gitota.rollout');
    if (JSON.stringify(signedRollout) !== JSON.stringify(expected.build.rollout))
      throw mismatch('rollout', signedRollout, expected.build.rollout);
  } else {
    const from = g.from === undefined ? undefined : at.string(g.from, 'gitota.from');
    if (from !== expected.from) throw mismatch('a delta from', from, expected.from);
  }
}
