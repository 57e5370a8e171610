import { createHash } from 'node:crypto';
import { openRegularFile } from '../load/open-regular-file.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ByteReader } from './byte-reader.js';
import {
  MAX_APP_NAME_BYTES,
  MAX_PAYLOAD_BYTES,
  MAX_VERSION_BYTES,
} from '../model/pack-header-limits.js';
import {
  parsePackHeader,
  type HeaderIssue,
  type HeaderKey,
  type ParsedHeader,
} from './parse-pack-header.js';

/** One section as read from a pack. */
export interface PackSection {
  /** The command as written ('' when missing). */
  command: string;
  name?: string;
  version?: string;
  md5?: string;
  size?: number;
  /** Byte offset of the header's `{`. */
  headerOffset: number;
  /** Byte offset of the first payload byte (right after the header's `}`). */
  payloadOffset: number;
  /** Payload bytes present (less than `size` when the pack is truncated). */
  payloadBytes: number;
  /** sha256 of the payload bytes present. */
  payloadSha256?: string;
}

/** A finding about a pack: who refuses it, and where. */
export interface PackFinding extends Diagnostic {
  /** `device`: Legato's update daemon rejects the pack; `gitota`: the device would take it, gitota does not. */
  rejectedBy: 'device' | 'gitota';
  /** Byte offset in the pack the finding is about. */
  offset: number;
}

export interface PackReport {
  file: string;
  size: number;
  sections: PackSection[];
  findings: PackFinding[];
}

/** Codes 330–349 are what gitota refuses although the device would take it. */
function rejectedBy(code: string): 'device' | 'gitota' {
  return Number(code.slice(6)) >= 330 ? 'gitota' : 'device';
}

/** Members each command uses; the device ignores (but still length-checks) the others. */
const USED: Record<string, readonly HeaderKey[]> = {
  updateApp: ['command', 'name', 'version', 'md5', 'size'],
  updateSystem: ['command', 'md5', 'size'],
  removeApp: ['command', 'name'],
  updateFirmware: ['command', 'size'],
};

type PackType = 'unknown' | 'system' | 'app' | 'remove' | 'firmware';

/**
 * Reads and verifies a Legato update pack: the one place gitota parses pack
 * bytes. Streams the payloads (hashing them) and reports, with distinct codes,
 * what the device's update daemon rejects and what only gitota refuses.
 * Never throws for a malformed pack; only for a file that cannot be read
 * (InputFileError: missing, not a regular file — a FIFO is refused without blocking).
 */
export async function readPack(
  path: string,
  options: { displayPath?: string } = {},
): Promise<PackReport> {
  const file = options.displayPath ?? path;
  const handle = await openRegularFile(path, { what: 'the pack', displayPath: file });
  try {
    const size = (await handle.stat()).size;
    const reader = new ByteReader(handle);
    const report: PackReport = { file, size, sections: [], findings: [] };
    const add = (code: string, message: string, offset: number): void => {
      report.findings.push({
        code,
        severity: 'error',
        message,
        file,
        line: 1,
        column: 1,
        rejectedBy: rejectedBy(code),
        offset,
      });
    };
    await readSections(reader, report, add);
    return report;
  } finally {
    await handle.close();
  }
}

type Add = (code: string, message: string, offset: number) => void;

async function readSections(reader: ByteReader, report: PackReport, add: Add): Promise<void> {
  let type: PackType = 'unknown';
  for (;;) {
    const result = await parsePackHeader(reader);
    if (result.kind === 'end') {
      if (type === 'unknown')
        add(
          'GITOTA300',
          'the pack holds no section; the device refuses it ("Error reading update pack")',
          result.offset,
        );
      else if (result.whitespace > 0)
        add(
          'GITOTA337',
          `${result.whitespace} whitespace byte(s) after the last section at byte ${result.offset}`,
          result.offset,
        );
      return;
    }
    for (const issue of result.issues) add(issue.code, issue.message, issue.offset);
    if (result.kind === 'fatal') return;

    const section = describeSection(result, reader.offset);
    report.sections.push(section);
    checkMembers(result, add);
    const command = section.command;
    const at = result.offset;

    if (command === '') {
      add(
        'GITOTA306',
        `the section at byte ${at} has no command; the device refuses it ("command missing")`,
        at,
      );
      return;
    }
    if (!(command in USED)) {
      add(
        'GITOTA307',
        `the section at byte ${at} has command ${JSON.stringify(command)}; the device knows updateSystem, updateApp, removeApp and updateFirmware`,
        at,
      );
      return;
    }
    const sizeOk = checkSize(result, command, add);

    if (command === 'updateSystem' || command === 'updateFirmware') {
      if (type !== 'unknown')
        add(
          'GITOTA318',
          `${command} at byte ${at} is not the first section; the device refuses it ("can't be mixed with other types")`,
          at,
        );
      type = command === 'updateSystem' ? 'system' : 'firmware';
    } else if (command === 'removeApp' && type === 'system') {
      add(
        'GITOTA336',
        `removeApp at byte ${at} inside a system pack ends the pack there; a system pack only carries updateApp sections`,
        at,
      );
    } else if (type === 'unknown') {
      type = command === 'updateApp' ? 'app' : 'remove';
    }
    if (command === 'updateSystem' || command === 'updateApp') {
      if (!result.strings.md5)
        add(
          'GITOTA316',
          `${command} at byte ${at} has no md5; the device refuses it ("MD5 hash missing")`,
          at,
        );
    }
    if (command === 'updateApp' || command === 'removeApp') checkName(result, add);

    if (command === 'removeApp') {
      await expectEnd(reader, 'GITOTA312', 'a remove pack', add);
      return;
    }
    if (!sizeOk || result.size === undefined) return;
    const wanted = result.size.value;
    const hash = createHash('sha256');
    section.payloadBytes = await reader.copy(wanted, (chunk) => hash.update(chunk));
    section.payloadSha256 = hash.digest('hex');
    if (section.payloadBytes < wanted) {
      const message = `the ${command} payload at byte ${section.payloadOffset} has ${section.payloadBytes} of its ${wanted} bytes`;
      add(
        'GITOTA311',
        `${message}; the device fails ("Unexpected early end of input")`,
        section.payloadOffset,
      );
      return;
    }
    if (command === 'updateFirmware')
      return expectEnd(reader, 'GITOTA332', 'the firmware payload', add);
    if (type === 'app') return expectEnd(reader, 'GITOTA312', 'an app pack', add);
  }
}

function describeSection(header: ParsedHeader, payloadOffset: number): PackSection {
  const s = header.strings;
  return {
    command: s.command ?? '',
    ...(s.name !== undefined ? { name: s.name } : {}),
    ...(s.version !== undefined ? { version: s.version } : {}),
    ...(s.md5 !== undefined ? { md5: s.md5 } : {}),
    ...(header.size !== undefined ? { size: header.size.value } : {}),
    headerOffset: header.offset,
    payloadOffset,
    payloadBytes: 0,
  };
}

/** Checks the device applies to every member it reads, whatever the command. */
function checkMembers(header: ParsedHeader, add: Add): void {
  const at = header.offset;
  const bytes = (text: string | undefined): number =>
    text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
  const { command, name, md5, version } = header.strings;
  if (bytes(command) > 31)
    add(
      'GITOTA308',
      `the command at byte ${at} is ${bytes(command)} bytes; the device's buffer holds 31 ("command too long")`,
      at,
    );
  if (bytes(name) > MAX_APP_NAME_BYTES) {
    add(
      'GITOTA314',
      `the app name at byte ${at} is ${bytes(name)} bytes; the device takes at most ${MAX_APP_NAME_BYTES} ("app name too long")`,
      at,
    );
  }
  if (bytes(md5) > 32)
    add(
      'GITOTA317',
      `the md5 at byte ${at} is ${bytes(md5)} bytes; the device takes at most 32 ("MD5 hash too long")`,
      at,
    );
  else if (md5 !== undefined && md5 !== '' && !/^[0-9a-f]{32}$/.test(md5)) {
    add(
      'GITOTA331',
      `the md5 ${JSON.stringify(md5)} at byte ${at} is not 32 lower-case hex digits; the device uses it as a directory name`,
      at,
    );
  }
  if (bytes(version) > MAX_VERSION_BYTES)
    add(
      'GITOTA340',
      `the version at byte ${at} is ${bytes(version)} bytes; the device keeps only the first ${MAX_VERSION_BYTES}`,
      at,
    );
  const used = USED[command ?? ''];
  if (used) {
    const extra = [...Object.keys(header.strings), ...(header.size ? ['size'] : [])].filter(
      (k) => !used.includes(k as HeaderKey),
    );
    for (const key of extra)
      add(
        'GITOTA334',
        `${command} at byte ${at} carries "${key}", which ${command} does not use`,
        at,
      );
  }
}

/** True when the size lets the payload be located. */
function checkSize(header: ParsedHeader, command: string, add: Add): boolean {
  const at = header.offset;
  if (command === 'removeApp') return true;
  const size = header.size;
  if (size === undefined) {
    add(
      'GITOTA309',
      `${command} at byte ${at} has no size; the device refuses it ("payload missing")`,
      at,
    );
    return false;
  }
  const { text, value } = size;
  if (!Number.isFinite(value) || value < 0 || !Number.isInteger(value)) {
    add(
      'GITOTA310',
      `${command} at byte ${at} has size ${text}, not a non-negative integer; the device refuses it ("invalid payload size")`,
      at,
    );
    return false;
  }
  if (String(value) !== text)
    add(
      'GITOTA335',
      `${command} at byte ${at} writes its size as ${text}; gitota takes only plain decimal (${value})`,
      at,
    );
  if (value === 0) {
    add(
      'GITOTA309',
      `${command} at byte ${at} has size 0; the device refuses it ("payload missing")`,
      at,
    );
    return false;
  }
  if (value > MAX_PAYLOAD_BYTES) {
    add(
      'GITOTA339',
      `${command} at byte ${at} has size ${text}; a 32-bit target's size_t cannot hold it`,
      at,
    );
    if (!Number.isSafeInteger(value)) return false;
  }
  return true;
}

function checkName(header: ParsedHeader, add: Add): void {
  const at = header.offset;
  const name = header.strings.name;
  if (!name)
    add(
      'GITOTA313',
      `the section at byte ${at} has no app name; the device refuses it ("app name missing")`,
      at,
    );
  else if (name.includes('/'))
    add(
      'GITOTA315',
      `the app name ${JSON.stringify(name)} at byte ${at} contains '/'; the device refuses it`,
      at,
    );
}

async function expectEnd(reader: ByteReader, code: string, what: string, add: Add): Promise<void> {
  const at = reader.offset;
  const extra = await reader.drain();
  if (extra === 0) return;
  const why =
    code === 'GITOTA332'
      ? 'the device passes them to the modem with the firmware'
      : 'the device takes one app update or removal per pack ("Only one app update/remove allowed")';
  add(code, `${extra} byte(s) follow ${what} at byte ${at}; ${why}`, at);
}
