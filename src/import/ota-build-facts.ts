import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** What `add-build` knows of a build from its options (each may be absent). */
export interface BuildOptions {
  device?: string;
  datetime?: number;
  osSdkLevel?: number;
  osPatchLevel?: string;
  otaPropertyFiles?: string;
}

export interface BuildFacts {
  datetime?: number;
  os_sdk_level?: number;
  os_patch_level?: string;
  ota_property_files?: string;
}

const PATCH_LEVEL = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const PROPERTY_FILES = /^[^\s,:]+:[0-9]+:[0-9]+(,[^\s,:]+:[0-9]+:[0-9]+)*$/;

/**
 * The facts of a build from its zip's META-INF/com/android/metadata, checked
 * against what the options say: post-timestamp (the datetime),
 * post-sdk-level, post-security-patch-level, pre-device (must name the
 * device) and ota-property-files. The zip wins where it speaks; an option that
 * disagrees with it is an error, since the Updater believes the zip.
 */
export function mergeBuildFacts(
  zip: string,
  metadata: ReadonlyMap<string, string>,
  options: BuildOptions,
): { facts: BuildFacts; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const facts: BuildFacts = {};
  const report = (code: string, message: string, hint?: string): void =>
    void diagnostics.push({
      code,
      severity: 'error',
      message,
      file: zip,
      line: 1,
      column: 1,
      ...(hint ? { hint } : {}),
    });
  const read = <T extends string | number>(
    key: string,
    parse: (text: string) => T | undefined,
    option: T | undefined,
    flag: string,
  ): T | undefined => {
    const text = metadata.get(key);
    if (text === undefined) return option;
    const value = parse(text);
    if (value === undefined) {
      report(
        'GITOTA673',
        `${zip}: ${key}=${text} in META-INF/com/android/metadata is not a valid value`,
      );
      return option;
    }
    if (option !== undefined && option !== value)
      report(
        'GITOTA671',
        `${flag} ${option} disagrees with the zip, whose ${key} is ${value}`,
        `leave ${flag} out: the zip states it`,
      );
    return value;
  };
  const integer = (text: string): number | undefined =>
    /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
  const datetime = read('post-timestamp', integer, options.datetime, '-t/--datetime');
  const sdk = read(
    'post-sdk-level',
    (t) => {
      const n = integer(t);
      return n !== undefined && n >= 1 && n <= 1000 ? n : undefined;
    },
    options.osSdkLevel,
    '--os-sdk-level',
  );
  const patch = read(
    'post-security-patch-level',
    (t) => (PATCH_LEVEL.test(t) ? t : undefined),
    options.osPatchLevel,
    '--os-patch-level',
  );
  const files = read(
    'ota-property-files',
    (t) => (PROPERTY_FILES.test(t) ? t : undefined),
    options.otaPropertyFiles,
    '--ota-property-files',
  );
  if (datetime !== undefined) facts.datetime = datetime;
  if (sdk !== undefined) facts.os_sdk_level = sdk;
  if (patch !== undefined) facts.os_patch_level = patch;
  if (files !== undefined) facts.ota_property_files = files;
  const devices = metadata
    .get('pre-device')
    ?.split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  if (devices !== undefined && options.device !== undefined && !devices.includes(options.device)) {
    report(
      'GITOTA672',
      `${zip} is for ${devices.join(', ')} (pre-device), not for ${options.device}`,
      'the Updater of another device refuses this zip: give the device it was built for',
    );
  }
  return { facts, diagnostics };
}
