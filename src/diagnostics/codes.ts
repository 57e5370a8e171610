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
 *   600–649 upstream update checks (`gitota check-updates`, src/updates)
 *   650–699 import and add commands (src/import, gitota import / add-build / add-version)
 *   700–729 init and packaging (`gitota init`, editor schemas)
 */
export const CODES = {
  // load
  GITOTA001: 'file cannot be read',
  GITOTA002: 'file is larger than the size limit',
  GITOTA003: 'file is not valid UTF-8',
  GITOTA004: 'YAML syntax error',
  GITOTA005: 'duplicate key in a mapping',
  GITOTA006: 'too many aliases (possible YAML bomb)',
  GITOTA007:
    'symbolic link leaves the tracked tree (an absolute target, or one above the repository root)',
  GITOTA008: 'path contains a `..` segment or is otherwise unsafe',
  GITOTA009: 'file is empty',
  GITOTA010: 'file holds several YAML documents',
  GITOTA011: 'unquoted numeric version string loses digits',
  GITOTA012: 'file is not where its kind belongs',
  GITOTA013: 'symbolic link (not followed)',
  GITOTA014: 'YAML tag not allowed',
  GITOTA015: 'gitota.yaml is missing',
  // tracked content (src/git/tracked-tree.ts): what is published comes only from files the commit tracks
  GITOTA016:
    'a path (or the link it goes through) leads into `.git/`, `.gitota/` or, in a folder that is no git repository, a hidden name',
  GITOTA017:
    'a file is not tracked: ignored by git, not in the commit being built, or inside a submodule',
  GITOTA018: 'a path goes through too many symbolic links (a loop)',
  GITOTA019: 'a file has several hard links and git does not vouch for its bytes',
  GITOTA020:
    'a file on disk is not the one the tracked tree holds (edited, swapped or replaced since the commit)',
  GITOTA021:
    'a file the commit tracks is never content (a committed `.gitota/` or a crafted `.git` name)',
  // load: one meaning per text, and bounds (src/load/check-yaml-document.ts, parse-yaml.ts)
  GITOTA030: "YAML anchor or alias in one of gitota's own files (a line would stand for another)",
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
  // the policy in force (535–549, src/plan policy-*, src/github policy-approvals): DESIGN §5
  GITOTA535:
    'change to the policy held back: a pull request that made it has too few approvals under the policy in force (nothing is published)',
  GITOTA536:
    'change to the policy held back: it reached the branch without a merged pull request (nothing is published)',
  GITOTA537:
    'change to the policy held back: GitHub could not be asked for its approvals (nothing is published)',
  GITOTA538:
    'this changes the approval policy (channels, trust/, workflows): it needs the approvals of the policy in force',
  GITOTA539:
    'release is on a channel the policy change adds, changes or removes: it waits for that change',
  GITOTA540:
    'the policy in force (gitota.yaml at the published commit) cannot be read: the strictest default stands in for it',
  GITOTA541:
    'change to the policy held back: too many pushes changed it since the policy in force to judge each one',
  GITOTA542: 'gitota.yaml cannot be read at head: every channel is taken as changed',
  // build / site
  GITOTA400: 'a repository file the site publishes is missing',
  GITOTA401: 'a release asset has no download URL (the GitHub repository is unknown)',
  GITOTA402: 'two repository files would be published at the same site path',
  GITOTA403:
    'the output folder is the repository, inside `.git`, tracked content, or a non-empty folder gitota did not make',
  GITOTA404:
    'keygen --out is inside the repository and not ignored by git: private keys would be one `git add` from history',
  // command-line and environment files, pack payloads at build (410–419: bounds)
  GITOTA410:
    'a file named on the command line or by the environment does not exist or cannot be opened',
  GITOTA411:
    'a named file is not a regular file (a directory, FIFO, device or socket): refused without reading it',
  GITOTA412: 'a named file is larger than its limit: not read',
  GITOTA413: 'a pack tarball is not a well-formed tar.bz2',
  GITOTA414: 'a pack tarball has an entry that leaves the staging area (an absolute path or `..`)',
  GITOTA415:
    'a pack tarball decompresses past limits.max_decompressed_bytes (a decompression bomb)',
  GITOTA416:
    'the pack tarballs of one run decompress past limits.max_decompressed_run_bytes together',
  GITOTA417: 'a pack tarball lists more than limits.max_archive_entries entries',
  GITOTA418: 'a pack payload cannot be read, or changed while the pack was built',
  GITOTA419: 'a pack spec cannot be built as written (a payload changed since it was validated)',
  // names of the one site tree (420–429: src/validate/rules/content-file-names.ts, published-names.ts)
  GITOTA420:
    'a content file name or a published name contains a control, bidi or invisible character',
  GITOTA421:
    'two content paths or published names differ only by case or Unicode normalisation (one file on macOS and Windows)',
  GITOTA422:
    'a content file name or a published name is reserved or not allowed on Windows (CON, NUL, COM1, a trailing dot, `<>:"|?*`)',
  // plan / publish (500–529: src/plan, src/publish)
  GITOTA500: 'a site file is over 100 MB (GitHub Pages refuses it): nothing was published',
  GITOTA501:
    'a repository payload is over limits.external_artifact_bytes and belongs outside the Pages branch',
  GITOTA503:
    'release held back: approvals missing, or its external file does not match its size or sha256',
  GITOTA504:
    'a large repository file could not go to the artifact store (its bytes differ from the declared size or sha256)',
  GITOTA505:
    'an F-Droid APK named by url: or asset: could not be downloaded, so that version is left out of the index',
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
  GITOTA164:
    'update-locations file or uri has a dot segment (`.`, `..`, also percent-encoded) or an encoded `/` or `\\`',
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
  // F-Droid metadata as fdroid lint sees it (265–279, src/validate/rules/app-*.ts): all warnings, as in lint
  GITOTA265: 'category is not one F-Droid defines',
  GITOTA266: 'anti-feature is not one F-Droid defines',
  GITOTA267: "Summary or Description is longer than F-Droid's limit",
  GITOTA268: 'link has a space, is not http(s), or is not a URL',
  GITOTA269: 'VercodeOperation is not arithmetic on %c',
  GITOTA270: 'yes/no field is not true or false',
  GITOTA271: 'build has no versionName',
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
  // trust: keys (450–459) and the root of trust (460–469), src/tuf/errors.ts
  GITOTA450: 'key cannot be read (expected PEM, base64 of PKCS#8 DER, or base64 of a PEM file)',
  GITOTA451:
    'key type cannot be used here (TUF: ed25519, ECDSA P-256 or RSA; formats: RSA or ECDSA)',
  GITOTA452: 'ECDSA key is on a curve other than P-256',
  GITOTA453: 'RSA key is smaller than 2048 or larger than 16384 bits',
  GITOTA454: 'a public key was given where signing needs the private key',
  GITOTA455: 'some signing key variables are set and others are not',
  GITOTA456: 'key file cannot be read, or is too large to be a key',
  GITOTA457: 'the development key store (.gitota/dev-keys.json) cannot be read or written',
  GITOTA458: "the F-Droid certificate cannot be read or is not the F-Droid key's",
  GITOTA459: 'a metadata key whose keytype, scheme and key value do not fit together',
  GITOTA460: 'a key is listed under a key id that is not the sha256 of its canonical form',
  GITOTA461: 'one public key is listed under two key ids (a threshold would count it twice)',
  GITOTA462:
    'a role names an unlisted key or one key twice, or has a threshold its keys cannot meet',
  GITOTA463: 'an online signing key is not the one the root of trust names for its role',
  GITOTA464: 'a root in trust/ does not verify (version chain or signature thresholds)',
  GITOTA465: 'metadata is not TUF metadata of the expected type',
  GITOTA466: 'no root of trust (trust/roots/ is empty and no root key is available)',
  GITOTA467:
    'the pending root cannot be signed with that key, or a collected signature is malformed',
  GITOTA468: 'a role version would go back',
  // import and add commands (650–699, src/import): the input named, nothing written
  GITOTA650: 'import input cannot be read or downloaded',
  GITOTA651: 'import input is larger than the limit',
  GITOTA652: 'import input is not valid JSON',
  GITOTA653: 'import entry has the wrong shape or is missing a value',
  GITOTA654: 'import entry names an unsafe path (not a plain name, or outside its folder)',
  GITOTA655: 'import lists one entry twice, or two inputs disagree about it',
  GITOTA656: 'a file the import would write already exists with other contents',
  GITOTA657: 'gitota would not write the imported Legato pack byte for byte',
  GITOTA658: "an F-Droid index's signature does not verify, or is not the pinned key's",
  GITOTA659: 'an F-Droid index is not signed, so it was not verified',
  GITOTA660: 'an F-Droid index verified (notice: the fingerprint of its key)',
  GITOTA670: 'add-build: the zip is not a zip, or has no META-INF/com/android/metadata',
  GITOTA671: 'add-build: an option disagrees with what the zip states',
  GITOTA672: "add-build: the zip's pre-device names another device",
  GITOTA673: "add-build: a value of the zip's metadata is malformed",
  GITOTA675:
    'add-version: the APK cannot be read (zip, manifest, signature, or a versionName it does not state)',
  GITOTA676: 'add-version: the APK is not of the application id given or expected',
  GITOTA677: 'add-version: the APK is signed by a key the app has not used and does not allow',
  GITOTA679: 'add-version: the APK is not signed',
  // F-Droid repository build (350–399)
  GITOTA350: "APK's package name is not its app's id",
  GITOTA351: 'APK cannot be read (zip, AndroidManifest.xml or signature block)',
  // upstream update checks (600–649, src/updates)
  GITOTA600: 'upstream could not be reached or answered with an error',
  GITOTA601: 'upstream did not answer in time',
  GITOTA602: 'UpdateCheckMode is not one gitota can check',
  GITOTA603: 'UpdateCheckData is not of the form `a|b|c|d`',
  GITOTA604: 'regular expression cannot be used (syntax, or a Python feature JavaScript lacks)',
  GITOTA605: 'no version information found upstream',
  GITOTA606: 'a version code found upstream is not a whole number',
  GITOTA607: 'VercodeOperation is not plain arithmetic on %c',
  GITOTA608: 'upstream version is older than CurrentVersionCode',
  GITOTA609: 'AutoUpdateMode cannot be applied',
  GITOTA610: 'upstream APK could not be downloaded',
  GITOTA611: 'upstream file is larger than the size limit',
  GITOTA612: 'upstream APK cannot be read',
  GITOTA613: "upstream APK's signer is not an allowed signer of the app",
  GITOTA614: "upstream APK's signature does not verify",
  GITOTA615: 'upstream APK is not the version or package it should be',
  GITOTA616: 'no signer to check the upstream APK against',
  GITOTA617: 'upstream URL scheme is not allowed',
  GITOTA618: 'matching a regular expression took too long',
  GITOTA620: 'watch source cannot be read as a build listing',
  GITOTA621: 'build from a watch source lacks a field gitota cannot derive',
  GITOTA622: 'OTA zip differs from the size or sha256 its listing gives',
  GITOTA623: "OTA zip's metadata is missing, unreadable or for another device",
  GITOTA630: 'run-time budget spent: not checked this run',
  GITOTA631: 'the proposed change brings validation errors: not proposed',
  GITOTA632: 'version was proposed before and the pull request closed unmerged',
  GITOTA633: 'pull request could not be opened or updated',
  GITOTA634: 'update branch could not be pushed',
  GITOTA635: 'update check failed internally (a bug in gitota, not in the content)',
  // init and packaging (700–729)
  GITOTA700:
    'gitota init: the folder is not empty (give --force to add the starter files and keep every file already there)',
  GITOTA701:
    'gitota init: the folder cannot be a content repository (it is a file, or gitota cannot write there)',
  GITOTA702:
    'gitota init: an existing .gitignore does not ignore .gitota/ (development keys and caches) or _site/',
} as const satisfies Record<string, string>;

export type DiagnosticCode = keyof typeof CODES;
