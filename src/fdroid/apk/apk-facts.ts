/**
 * What gitota reads from an APK's own bytes: the manifest facts F-Droid's index
 * publishes, and the signer. Produced by `readApk` (I/O, before rendering) and
 * handed to the pure F-Droid format through `RenderContext.apkFacts`.
 */
export interface ApkPermission {
  name: string;
  maxSdkVersion?: number;
}

export interface ApkFacts {
  /** `package` of <manifest>. */
  packageName: string;
  versionCode: number;
  /** Undefined when the manifest gives it as a resource reference (gitota reads no resources.arsc). */
  versionName?: string;
  /** <uses-sdk>; minSdkVersion defaults to 1, targetSdkVersion to minSdkVersion, as Android does. */
  minSdkVersion: number;
  targetSdkVersion: number;
  maxSdkVersion?: number;
  /** <uses-permission>, in manifest order. */
  permissions: ApkPermission[];
  /** <uses-permission-sdk-23>, in manifest order. */
  permissionsSdk23: ApkPermission[];
  /** ABIs with native code (`lib/<abi>/`), sorted. */
  nativecode: string[];
  /** sha256 (lower-case hex) of the v1 signing certificate; undefined for an unsigned APK. */
  signer?: string;
}

/** Repository path of an APK → its facts. */
export type ApkFactsMap = ReadonlyMap<string, ApkFacts>;
