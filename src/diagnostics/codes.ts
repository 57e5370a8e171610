/**
 * Every diagnostic code gitota emits, with a one-line summary. Codes are stable:
 * never reuse a retired number. Ranges by area:
 *   001–049 load (files, YAML syntax and safety)
 *   050–099 schema (shape, types, unknown keys)
 *   100–149 release and device rules
 *   150–199 TomTom package-list / update-locations rules
 *   200–249 Legato pack spec rules
 *   250–299 F-Droid app metadata rules
 *   300–349 Legato pack reader (`gitota pack verify`)
 *   350–399 F-Droid repository build
 *   400–449 build / site
 *   450–499 trust (TUF, keys)
 *   500–549 plan / publish / approvals
 */
export const CODES = {
  // load
  GITOTA001: 'file cannot be read',
  GITOTA002: 'file is larger than the size limit',
  GITOTA003: 'file is not valid UTF-8',
  GITOTA004: 'YAML syntax error',
  GITOTA005: 'duplicate key in a mapping',
  GITOTA006: 'too many aliases (possible YAML bomb)',
  GITOTA007: 'symbolic link leaves the repository',
  GITOTA008: 'path contains a `..` segment or is otherwise unsafe',
  GITOTA009: 'file is empty',
  GITOTA010: 'file holds several YAML documents',
  GITOTA011: 'unquoted numeric version string loses digits',
  GITOTA012: 'file is not where its kind belongs',
  GITOTA013: 'symbolic link (not followed)',
  GITOTA014: 'YAML tag not allowed',
  GITOTA015: 'gitota.yaml is missing',
  // load: one meaning per text, and bounds (src/load/check-yaml-document.ts, parse-yaml.ts)
  GITOTA030: 'YAML anchor or alias in one of gitota\'s own files (a line would stand for another)',
  GITOTA031: 'YAML alias used as a mapping key',
  GITOTA032: 'merge key `<<` (YAML 1.1 readers pull other keys in through it)',
  GITOTA033: 'mapping key that is a mapping, a list, or null',
  GITOTA034: 'integer beyond ±(2^53 − 1), which cannot be read exactly',
  GITOTA035: 'number that is not finite (.inf, .nan, 1e400) or beyond ±(2^53 − 1)',
  GITOTA036: 'YAML alias inside the node it names (the data would contain itself)',
  GITOTA037: 'mapping has more keys than limits.max_yaml_keys_per_mapping',
  GITOTA038: 'file has more YAML nodes than limits.max_yaml_nodes_per_file',
  GITOTA039: 'YAML nested deeper than limits.max_yaml_depth',
  GITOTA040: 'more YAML problems in the file than are listed',
  // schema (src/validate/schema-errors.ts)
  GITOTA050: 'unknown key',
  GITOTA051: 'required key is missing',
  GITOTA052: 'value has the wrong type',
  GITOTA053: 'value is not one of the allowed values',
  GITOTA054: 'value does not match the expected pattern',
  GITOTA055: 'number is out of range',
  GITOTA056: 'too long, too short, too many or too few',
  GITOTA057: 'value is not in the expected format',
  GITOTA058: 'value matches none of the allowed shapes',
  GITOTA059: 'list holds duplicate items',
  GITOTA060: 'keys that must appear together, or must not',
  GITOTA061: 'value violates the schema',
  GITOTA062: 'more schema findings in the file than are listed',
  GITOTA098: 'file kind has no schema',
  GITOTA099: 'a check failed internally (a bug in gitota, not in the content)',
  // approvals and the GitHub Action (530–549, src/github, src/action)
  GITOTA530: 'release held back: its pull request has too few valid approvals',
  GITOTA531: 'release held back: it reached the branch without a merged pull request',
  GITOTA532: 'release held back: the file differs from what its pull request merged',
  GITOTA533: 'release held back: GitHub could not be asked for approvals',
  GITOTA534: 'approvals skipped (--skip-approvals): protected releases published unreviewed',
  // build / site
  GITOTA400: 'a repository file the site publishes is missing',
  GITOTA401: 'a release asset has no download URL (the GitHub repository is unknown)',
  GITOTA402: 'two repository files would be published at the same site path',
  // plan / publish (500–529: src/plan, src/publish)
  GITOTA500: 'a site file is over 100 MB (GitHub Pages refuses it): nothing was published',
  GITOTA501: 'a repository payload is over limits.external_artifact_bytes and belongs outside the Pages branch',
  GITOTA503: 'release held back: approvals missing, or its external file does not match its size or sha256',
  GITOTA504: 'a large repository file could not go to the artifact store (its bytes differ from the declared size or sha256)',
  GITOTA505: 'an F-Droid APK named by url: or asset: could not be downloaded, so that version is left out of the index',
  // release and device rules (src/validate/rules)
  GITOTA100: 'release folder names no known device',
  GITOTA101: 'release `device` differs from its folder',
  GITOTA102: 'device file name differs from its `model`',
  GITOTA103: 'duplicate release id',
  GITOTA104: 'duplicate release filename',
  GITOTA105: 'duplicate release sha256',
  GITOTA106: 'release version goes backwards for its device and romtype',
  GITOTA107: 'two builds of one device and romtype share a build date',
  GITOTA108: 'build date is in the future',
  GITOTA109: 'incremental `from` names no build of the same device',
  GITOTA110: 'incremental starts from another incremental',
  GITOTA111: 'incremental starts from a build that is not older',
  GITOTA112: 'release romtype is not a channel of gitota.yaml',
  GITOTA113: 'release payload file is missing',
  GITOTA114: 'release payload path is unsafe',
  GITOTA115: 'release payload size differs from the declared size',
  GITOTA116: 'release payload sha256 differs from the declared sha256',
  GITOTA117: 'app versions file has no app metadata file',
  // contributor commands: import (src/import)
  GITOTA120: 'import file is not valid JSON',
  GITOTA121: 'import entry is malformed',
  GITOTA122: 'import lists the same device twice',
  GITOTA123: 'imported file name is not a valid application id (skipped)',
  // TomTom package-list / update-locations rules
  GITOTA150: 'duplicate package name in a package-list',
  GITOTA151: 'package path is unsafe',
  GITOTA152: 'package file name is longer than 255 characters',
  GITOTA153: 'package file type not allowed in `packages`',
  GITOTA154: 'externally managed package has a path',
  GITOTA155: 'package needs a path and a version',
  GITOTA156: 'unknown path variable',
  GITOTA157: 'package payload is missing from the repository',
  GITOTA160: 'update-locations `list` names no package-list',
  GITOTA161: '`optional` needs update-locations schema "2"',
  GITOTA162: 'update_scan_interval is not a positive whole number of minutes',
  GITOTA163: 'update_scan_interval is unusually short or long',
  // Legato pack spec rules (220–249: pack engineer)
  GITOTA200: 'pack payload is missing or of the wrong kind',
  GITOTA201: 'pack payload sha256 differs from the declared sha256',
  GITOTA202: 'pack target names no known device',
  GITOTA203: 'duplicate app name in a system pack',
  GITOTA204: 'pack payload path is unsafe',
  // Legato pack spec (pack engineer's part, 220–249)
  GITOTA220: 'pack name or version cannot be written into a Legato header as is',
  GITOTA222: 'pack payload is empty (the device refuses size 0)',
  GITOTA223: 'pack payload is over 4 GiB (a 32-bit target cannot take it)',
  GITOTA224: 'pack targets a device that has no hardware.legato-target',
  // F-Droid app metadata rules (src/validate/rules/app-*.ts)
  GITOTA250: 'CurrentVersionCode is below the oldest build',
  GITOTA251: 'two builds share a versionCode',
  GITOTA252: 'Builds are not in versionCode order',
  GITOTA253: 'licence expression is malformed or names an unknown licence',
  GITOTA254: 'licence identifier is deprecated by SPDX',
  GITOTA255: 'field is deprecated by F-Droid',
  GITOTA256: 'application id is not a valid Java package name',
  GITOTA257: 'NoSourceSince is set but update checks are still on',
  GITOTA258: 'UpdateCheckMode HTTP with AutoUpdateMode Version needs a tag pattern',
  GITOTA259: 'UpdateCheckData URL is not an https URL',
  // Legato pack reader, what the device's update daemon rejects (300–329)
  GITOTA300: 'pack is empty',
  GITOTA301: 'pack header is not the JSON the device parses',
  GITOTA302: 'pack ends inside a section header',
  GITOTA303: 'header member other than command, name, version, md5, size',
  GITOTA304: 'header member value has the wrong type',
  GITOTA305: 'header token of 1024 bytes or more',
  GITOTA306: 'header has no command',
  GITOTA307: 'header command is not one the device knows',
  GITOTA308: 'header command is over 31 bytes',
  GITOTA309: 'section size is missing or zero',
  GITOTA310: 'section size is not a non-negative integer',
  GITOTA311: 'fewer payload bytes than the section size',
  GITOTA312: 'bytes after an app or remove pack',
  GITOTA313: 'app name is missing or empty',
  GITOTA314: 'app name is over 47 bytes',
  GITOTA315: "app name contains '/'",
  GITOTA316: 'md5 missing from an updateApp or updateSystem section',
  GITOTA317: 'md5 is over 32 bytes',
  GITOTA318: 'sections in an order the device refuses',
  // Legato pack reader, what gitota refuses although the device takes it (330–349)
  GITOTA330: 'string escape other than \\" (the device keeps it as raw text)',
  GITOTA331: 'md5 is not 32 lower-case hex digits (the device uses it as a path)',
  GITOTA332: 'bytes after a firmware payload (the device passes them to the modem)',
  GITOTA333: 'header member given twice (the device keeps the last)',
  GITOTA334: 'header member the command does not use',
  GITOTA335: 'size not written as a plain decimal integer',
  GITOTA336: 'removeApp inside a system pack',
  GITOTA337: 'whitespace after the last section of a system pack',
  GITOTA338: 'control character in a header string',
  GITOTA339: 'section size over 4 GiB - 1 (a 32-bit target cannot hold it)',
  GITOTA340: 'version over 255 bytes (the device truncates it)',
  // F-Droid repository build (350–399)
  GITOTA350: "APK's package name is not its app's id",
  GITOTA351: 'APK cannot be read (zip, AndroidManifest.xml or signature block)',
} as const satisfies Record<string, string>;

export type DiagnosticCode = keyof typeof CODES;
