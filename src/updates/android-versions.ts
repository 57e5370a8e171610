import { androidPrefix, startTags, stringResource } from './source-xml.js';
import { compilePythonPattern, pythonSearch } from './python-regex.js';
import { foldersWithManifest, joinPath, parentFolder, type UpstreamTree } from './upstream-tree.js';
import { parseVersionCode } from './version-code.js';

/**
 * What checkupdates reads from an upstream source tree when UpdateCheckData
 * does not say where to look: the version name, version code and package of
 * the Android project, from AndroidManifest.xml and Gradle build files, with
 * its rules (which files, in which order, product flavours, the package that
 * must match the app id or UpdateCheckName, UpdateCheckIgnore), and the app's
 * label for AutoName. Regexes here are gitota's, matched line by line.
 */

export interface AppIdentity {
  id: string;
  /** UpdateCheckName: the package to look for; `Ignore` accepts any. */
  updateCheckName?: string;
  /** UpdateCheckIgnore, compiled: version names that do not count. */
  ignore?: ReturnType<typeof compilePythonPattern>;
  /** `gradle` of the last build: product flavours (`yes` = none). */
  flavours: readonly string[];
}

export interface ManifestVersion {
  /** `Unknown` when no name was found, `Ignore` when the highest code's name is ignored (as checkupdates says). */
  version: string;
  vercode?: number;
  package?: string;
}

const VERSION_CODE = /\b[Vv]ersionCode\s*=?\s*["'(]*([0-9][0-9_]*)["')]*/;
const VERSION_NAME = /\b[Vv]ersionName\s*=?\s*\(?(["'])((?:(?=(\\?))\3.)*?)\1/;
const VERSION_NAME_SUFFIX = /\b[Vv]ersionNameSuffix\s*=?\s*(["'])((?:(?=(\\?))\3.)*?)\1/;
const PACKAGE = /\b(packageName|applicationId|namespace)\s*=*\s*["']([^"']+)["']/;
const PACKAGE_SUFFIX = /\b(applicationIdSuffix)\s*=*\s*["']([^"']+)["']/;
const ANDROID_PLUGIN =
  /^\s*(:?apply plugin:|id)\(?\s*['"](android|com\.android\.application)['"]\s*\)?/;
const GRADLE_COMMENT = /^[ ]*\/\//;

/** manifest_paths: the files that may hold the version, in checkupdates' order, those that exist. */
export function manifestPaths(
  tree: UpstreamTree,
  folder: string,
  flavours: readonly string[],
): string[] {
  const names = [
    'AndroidManifest.xml',
    'src/main/AndroidManifest.xml',
    'src/AndroidManifest.xml',
    'build.gradle',
    'build-extras.gradle',
    'build.gradle.kts',
  ];
  for (const flavour of flavours)
    if (flavour !== 'yes') names.push(`src/${flavour}/AndroidManifest.xml`);
  return names.map((n) => joinPath(folder, n)).filter((p) => tree.files.has(p));
}

function matchesPackage(app: AppIdentity, candidate: string | undefined): boolean {
  if (!candidate) return false;
  const wanted = app.updateCheckName ?? app.id;
  return wanted === 'Ignore' || wanted === candidate;
}

function versionNameOf(line: string): string | undefined {
  const value = VERSION_NAME.exec(line)?.[2];
  if (value === undefined || value.startsWith('${') || value.startsWith('@string/'))
    return undefined;
  return value;
}

interface FileFacts {
  version?: string;
  vercode?: number;
  package?: string;
  androidPlugin: boolean;
}

function readGradle(text: string, app: AppIdentity): FileFacts {
  const facts: FileFacts = { androidPlugin: false };
  let tempId: string | undefined;
  let tempName: string | undefined;
  let inGroup = 0;
  let inFlavour = 0;
  for (const line of text.split('\n')) {
    if (GRADLE_COMMENT.test(line)) continue;
    if (line.includes('applicationId') && !tempId) tempId = PACKAGE.exec(line)?.[2];
    if (line.includes('versionName') && !tempName) tempName = versionNameOf(line);
    if (inGroup > 0) {
      if (inFlavour > 1) {
        const pkg = PACKAGE.exec(line)?.[2];
        if (pkg !== undefined) {
          if (matchesPackage(app, pkg)) facts.package = pkg;
        } else {
          const suffix = PACKAGE_SUFFIX.exec(line)?.[2];
          if (suffix !== undefined && tempId) {
            tempId += suffix;
            if (matchesPackage(app, tempId)) facts.package = tempId;
          }
        }
        const name = versionNameOf(line);
        if (name !== undefined) facts.version = name;
        else {
          const nameSuffix = VERSION_NAME_SUFFIX.exec(line)?.[2];
          if (nameSuffix !== undefined && tempName) facts.version = tempName + nameSuffix;
        }
        const code = VERSION_CODE.exec(line)?.[1];
        if (code !== undefined) facts.vercode = parseVersionCode(code);
      }
      if (inFlavour > 0) {
        if (line.includes('{')) inFlavour++;
        if (line.includes('}')) {
          inFlavour--;
          if (inFlavour === 1) inFlavour--;
        }
      } else {
        for (const flavour of app.flavours) {
          const quoted = flavour.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          if (new RegExp(`^.*['"\\s]${quoted}['"\\s].*\\{.*`).test(line)) {
            inFlavour = 2;
            break;
          }
          if (new RegExp(`^.*['"\\s]${quoted}['"\\s].*`).test(line)) {
            inFlavour = 1;
            break;
          }
        }
      }
      if (line.includes('{')) inGroup++;
      if (line.includes('}')) inGroup--;
    } else {
      if (line.includes('productFlavors')) inGroup = 1;
      if (!facts.package) {
        const pkg = PACKAGE.exec(line)?.[2];
        if (pkg !== undefined && matchesPackage(app, pkg)) facts.package = pkg;
      }
      if (!facts.version) facts.version = versionNameOf(line);
      if (!facts.vercode) {
        const code = VERSION_CODE.exec(line)?.[1];
        if (code !== undefined) facts.vercode = parseVersionCode(code);
      }
    }
    if (!facts.androidPlugin && ANDROID_PLUGIN.test(line)) facts.androidPlugin = true;
  }
  return facts;
}

async function readManifestXml(
  tree: UpstreamTree,
  path: string,
  text: string,
  app: AppIdentity,
): Promise<FileFacts> {
  const root = startTags(text)[0];
  const facts: FileFacts = { androidPlugin: false };
  if (root === undefined) return facts;
  const ns = androidPrefix(root);
  const pkg = root.attributes.get('package');
  if (pkg !== undefined && matchesPackage(app, pkg)) facts.package = pkg;
  const name = root.attributes.get(`${ns}:versionName`);
  if (name !== undefined)
    facts.version = (await retrieveString(tree, parentFolder(path), name))
      .replace(/\n/g, ' ')
      .trim();
  const code = root.attributes.get(`${ns}:versionCode`);
  if (code !== undefined) facts.vercode = parseVersionCode(code);
  return facts;
}

/** parse_androidmanifests: the highest version code across the files, with its name and package. */
export async function parseAndroidManifests(
  tree: UpstreamTree,
  paths: readonly string[],
  app: AppIdentity,
): Promise<ManifestVersion> {
  let maxVersion: string | undefined;
  let maxVercode: number | undefined;
  let maxPackage: string | undefined;
  for (const path of paths) {
    const text = await tree.read(path);
    if (text === undefined) continue;
    const gradle = path.endsWith('.gradle') || path.endsWith('.gradle.kts');
    const facts = gradle ? readGradle(text, app) : await readManifestXml(tree, path, text, app);
    if (gradle && facts.androidPlugin) {
      if (facts.package) maxPackage = facts.package;
      if (facts.version) maxVersion = facts.version;
      if (facts.vercode) maxVercode = facts.vercode;
      if (maxPackage && maxVersion && maxVercode) break;
    }
    const pkg = facts.package ?? maxPackage;
    if (maxPackage === undefined && pkg !== undefined) maxPackage = pkg;
    if (maxVersion === undefined && facts.version !== undefined) maxVersion = facts.version;
    if (facts.vercode !== undefined && (maxVercode === undefined || facts.vercode > maxVercode)) {
      if (
        facts.version &&
        (app.ignore === undefined || pythonSearch(app.ignore, facts.version) === null)
      ) {
        maxVersion = facts.version;
        maxVercode = facts.vercode;
        if (pkg !== undefined) maxPackage = pkg;
      } else maxVersion = 'Ignore';
    }
  }
  return {
    version: maxVersion ?? 'Unknown',
    ...(maxVercode !== undefined ? { vercode: maxVercode } : {}),
    ...(maxPackage !== undefined ? { package: maxPackage } : {}),
  };
}

/** possible_subdirs: folders with a manifest whose package is the app's (any, with UpdateCheckName Ignore). */
export async function possibleSubdirs(tree: UpstreamTree, app: AppIdentity): Promise<string[]> {
  const found: string[] = [];
  for (const folder of foldersWithManifest(tree)) {
    const { package: pkg } = await parseAndroidManifests(
      tree,
      manifestPaths(tree, folder, app.flavours),
      app,
    );
    if (pkg !== undefined || app.updateCheckName === 'Ignore') found.push(folder);
  }
  return found;
}

/** The highest version code in the tree's possible subdirs, with its name and package (check_tags / check_repomanifest). */
export async function highestManifestVersion(
  tree: UpstreamTree,
  app: AppIdentity,
): Promise<ManifestVersion | undefined> {
  let best: ManifestVersion | undefined;
  for (const folder of await possibleSubdirs(tree, app)) {
    const read = await parseAndroidManifests(tree, manifestPaths(tree, folder, app.flavours), app);
    if (read.vercode !== undefined && (best?.vercode === undefined || read.vercode > best.vercode))
      best = read;
  }
  return best;
}

/** retrieve_string: `@string/NAME` looked up in the folder's res/values*.xml; `${...}` is a Gradle variable (empty). */
export async function retrieveString(
  tree: UpstreamTree,
  folder: string,
  value: string,
  depth = 0,
): Promise<string> {
  if (value.startsWith('${')) return '';
  if (!value.startsWith('@string/'))
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
      ? value.slice(1, -1)
      : value.replace(/\\'/g, "'");
  if (depth > 8) return '';
  const name = value.slice('@string/'.length);
  const roots = [joinPath(folder, 'res/'), joinPath(folder, 'src/main/res/')];
  const files = [...tree.files]
    .filter((p) => roots.some((r) => p.startsWith(r)) && /\/values\/[^/]+\.xml$/.test(p))
    .sort();
  for (const file of files) {
    const text = await tree.read(file);
    const found = text === undefined ? undefined : stringResource(text, name);
    if (found !== undefined) return retrieveString(tree, folder, found, depth + 1);
  }
  return '';
}

/** fetch_real_name: the application label from the first manifest of the first folder that has one. */
export async function fetchRealName(
  tree: UpstreamTree,
  app: AppIdentity,
): Promise<string | undefined> {
  for (const folder of await possibleSubdirs(tree, app)) {
    for (const path of manifestPaths(tree, folder, app.flavours)) {
      if (!path.endsWith('.xml')) continue;
      const text = await tree.read(path);
      if (text === undefined) continue;
      const tags = startTags(text);
      const application = tags.find((t) => t.name === 'application');
      const label = application?.attributes.get(`${androidPrefix(tags[0])}:label`);
      if (label === undefined) continue;
      return (await retrieveString(tree, folder, label)).replace(/\n/g, ' ').trim();
    }
  }
  return undefined;
}
