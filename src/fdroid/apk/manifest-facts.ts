import type { ApkPermission } from './apk-facts.js';
import type { AxmlAttribute, AxmlElement } from './axml.js';
import { ApkError } from './zip-reader.js';

const ANDROID_NS = 'http://schemas.android.com/apk/res/android';

/** Android framework attribute ids: names in a compiled manifest can be stripped, ids cannot. */
const ATTR = {
  name: 0x01010003,
  minSdkVersion: 0x0101020c,
  versionCode: 0x0101021b,
  versionName: 0x0101021c,
  targetSdkVersion: 0x01010270,
  maxSdkVersion: 0x01010271,
} as const;

function attr(element: AxmlElement, name: keyof typeof ATTR): AxmlAttribute['value'] {
  const found =
    element.attributes.find((a) => a.resourceId === ATTR[name]) ??
    element.attributes.find(
      (a) => a.resourceId === undefined && a.namespace === ANDROID_NS && a.name === name,
    );
  return found?.value;
}

function int(value: AxmlAttribute['value']): number | undefined {
  if (typeof value === 'number') return value;
  // An SDK level may be a codename string ("Tiramisu") in previews; such APKs are not published.
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return Number(value);
  return undefined;
}

function permissions(manifest: AxmlElement, tag: string): ApkPermission[] {
  const out: ApkPermission[] = [];
  for (const element of manifest.children.filter((c) => c.name === tag)) {
    const name = attr(element, 'name');
    if (typeof name !== 'string' || name === '') continue;
    const max = int(attr(element, 'maxSdkVersion'));
    out.push(max !== undefined ? { name, maxSdkVersion: max } : { name });
  }
  return out;
}

export interface ManifestFacts {
  packageName: string;
  versionCode: number;
  versionName?: string;
  minSdkVersion: number;
  targetSdkVersion: number;
  maxSdkVersion?: number;
  permissions: ApkPermission[];
  permissionsSdk23: ApkPermission[];
}

/** The facts F-Droid's index carries, from a parsed AndroidManifest.xml. */
export function readManifestFacts(manifest: AxmlElement): ManifestFacts {
  if (manifest.name !== 'manifest')
    throw new ApkError(
      'APK_MANIFEST',
      `AndroidManifest.xml: root element is <${manifest.name}>, not <manifest>`,
    );
  const packageName = manifest.attributes.find(
    (a) => a.name === 'package' && a.namespace === '',
  )?.value;
  if (typeof packageName !== 'string' || packageName === '')
    throw new ApkError('APK_MANIFEST', 'AndroidManifest.xml: <manifest> has no package');
  const versionCode = int(attr(manifest, 'versionCode'));
  if (versionCode === undefined)
    throw new ApkError(
      'APK_MANIFEST',
      'AndroidManifest.xml: <manifest> has no integer versionCode',
    );
  const usesSdk = manifest.children.find((c) => c.name === 'uses-sdk');
  // Android's defaults: minSdkVersion 1, targetSdkVersion = minSdkVersion.
  const minSdkVersion = (usesSdk && int(attr(usesSdk, 'minSdkVersion'))) ?? 1;
  const targetSdkVersion = (usesSdk && int(attr(usesSdk, 'targetSdkVersion'))) ?? minSdkVersion;
  const maxSdkVersion = usesSdk && int(attr(usesSdk, 'maxSdkVersion'));
  const versionName = attr(manifest, 'versionName');
  const facts: ManifestFacts = {
    packageName,
    versionCode,
    minSdkVersion,
    targetSdkVersion,
    permissions: permissions(manifest, 'uses-permission'),
    permissionsSdk23: permissions(manifest, 'uses-permission-sdk-23'),
  };
  if (typeof versionName === 'string') facts.versionName = versionName;
  if (maxSdkVersion !== undefined) facts.maxSdkVersion = maxSdkVersion;
  return facts;
}
