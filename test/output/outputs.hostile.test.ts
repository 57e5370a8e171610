/**
 * Hostile content through every output gitota writes, one row per case:
 * compiler-style text, JSON, workflow commands and log lines, the job summary
 * and the pull request comment, `pack inspect`, the plan, the TomTom
 * resolution. Each row gives the exact bytes a reader gets (with the code and
 * position of the finding where there is one): one line per finding, no raw
 * control or bidi character, no command the runner would run, no Markdown or
 * HTML from content.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFindingsMarkdown } from '../../src/action/findings-markdown.js';
import { createRunnerReporter } from '../../src/action/workflow-commands.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { formatResolution } from '../../src/cli/commands/resolve-tomtom.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { hasUnsafeCharacter } from '../../src/diagnostics/unsafe-characters.js';
import { renderApprovalMarkdown } from '../../src/github/approval-report.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { renderPlanMarkdown } from '../../src/plan/render-plan-markdown.js';
import {
  copyExampleRepository,
  PROJECT_ROOT,
  removeRepository,
  writeRepoFile,
} from '../rules/support/rule-repository.js';
import { releaseText } from '../rules/support/release-text.js';
import { runnerCommands } from '../support/unescape.js';

const FORGED = 'releases/lynx/x\nok.yaml:1:1: error GITOTA000 forged.yaml';
const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
const PACK = Buffer.from(`{\n  "command":"removeApp",\n  "name":"a${OSC52}b\u202ec"\n}`);

let repo: string;
let scratch: string;

beforeAll(async () => {
  repo = await copyExampleRepository();
  await writeRepoFile(repo, FORGED, releaseText('forged'));
  await writeRepoFile(
    repo,
    'devices/hostile.yaml',
    `# yaml-language-server: $schema=../schemas/device.schema.json\nmodel: hostile\noem: Example\nname: Example\n"\\e[2J\\u202e": 1\n`,
  );
  scratch = await mkdtemp(join(tmpdir(), 'gitota-outputs-'));
  await writeFile(join(scratch, 'hostile.update'), PACK);
});

afterAll(async () => {
  await removeRepository(repo);
  await rm(scratch, { recursive: true, force: true });
});

async function cli(
  argv: string[],
  cwd = repo,
): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ cwd, env: { SOURCE_DATE_EPOCH: '1795132800' } });
  const code = await runCli(argv, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const FORGED_TEXT = 'releases/lynx/x\\nok.yaml:1:1: error GITOTA000 forged.yaml';
const FORGED_MESSAGE =
  'the file name "x\\nok.yaml:1:1: error GITOTA000 forged.yaml" contains U+000A, a control, bidi or invisible character';

describe('hostile content in every output', () => {
  it('validate, text: a file name with a newline stays on its own finding line', async () => {
    const { code, out } = await cli(['validate']);
    expect(code).toBe(1);
    const lines = out.split('\n');
    expect(lines).toContain(`${FORGED_TEXT}:1:1: error GITOTA420 ${FORGED_MESSAGE}`);
    expect(lines.filter((l) => l.startsWith('ok.yaml'))).toEqual([]);
    expect(hasUnsafeCharacter(out.replaceAll('\n', ''))).toBe(false);
  });

  it('validate, text: a YAML key with ESC and U+202E is shown escaped', async () => {
    const { out } = await cli(['validate']);
    expect(out.split('\n')).toContain(
      'devices/hostile.yaml:5:1: error GITOTA050 unknown key `\\u001b[2J\\u202e` in a device file',
    );
  });

  it('validate, JSON: the same findings parse back with the raw names, and the bytes hold none raw', async () => {
    const { out } = await cli(['validate', '--format', 'json']);
    const parsed = JSON.parse(out) as { diagnostics: Diagnostic[] };
    expect(parsed.diagnostics.find((d) => d.code === 'GITOTA420')).toMatchObject({
      file: FORGED,
      line: 1,
      column: 1,
      message:
        'the file name "x\nok.yaml:1:1: error GITOTA000 forged.yaml" contains U+000A, a control, bidi or invisible character',
    });
    expect(parsed.diagnostics.find((d) => d.file === 'devices/hostile.yaml')).toMatchObject({
      code: 'GITOTA050',
      line: 5,
      column: 1,
    });
    expect(out).toContain('\\u202e');
    expect(out).not.toMatch(/[\u001b\u202e]/);
  });

  it('validate, GitHub: one annotation per finding, and the forged file name is a property, not a line', async () => {
    const { out } = await cli(['validate', '--format', 'github']);
    expect(out.split('\n')).toContain(
      `::error file=${FORGED_TEXT.replaceAll(':', '%3A')},line=1,col=1,title=Invisible or control character in a name::GITOTA420 ${FORGED_MESSAGE}%0Ahint: rename it: the name is published, and must be the same file on every system and look like what it is`,
    );
    expect(out.split('\n')).toContain(
      '::error file=devices/hostile.yaml,line=5,col=1,title=Unknown key::GITOTA050 unknown key `\\u001b[2J\\u202e` in a device file%0Ahint: allowed keys: model, oem, name, has_recovery, lineage_recovery, hardware, watch',
    );
    expect(new Set(runnerCommands(out).map((c) => c.command))).toEqual(new Set(['error']));
  });

  it('pack inspect: a header name with OSC 52 and U+202E is printed escaped, the finding at its position', async () => {
    const { code, out, err } = await cli(['pack', 'inspect', 'hostile.update'], scratch);
    expect(code).toBe(0);
    expect(out).toBe(
      `hostile.update: ${PACK.length} bytes, 1 section(s)\n[0] removeApp\n    name            a\\u001b]52;c;ZXZpbA==\\u0007b\\u202ec\n    header offset   0\n    payload offset  ${PACK.length}\n`,
    );
    expect(err).toBe(
      'hostile.update:1:1: error GITOTA338 the name value at byte 37 holds a raw control character\n',
    );
  });

  it('pack inspect --json: \\u escapes that parse back to the header bytes', async () => {
    const { out } = await cli(['pack', 'inspect', 'hostile.update', '--json'], scratch);
    expect(out).toContain('"name": "a\\u001b]52;c;ZXZpbA==\\u0007b\\u202ec"');
    expect((JSON.parse(out) as { sections: Array<{ name: string }> }).sections[0]?.name).toBe(
      `a${OSC52}b\u202ec`,
    );
  });

  it('a real gitota process writes no raw control byte to the terminal', async () => {
    const runner = join(scratch, 'run.mts');
    await writeFile(
      runner,
      `import { runCli } from ${JSON.stringify(resolve(PROJECT_ROOT, 'src/cli/main.ts'))};\nprocess.exitCode = await runCli(process.argv.slice(2));\n`,
    );
    const child = spawn(
      resolve(PROJECT_ROOT, 'node_modules/.bin/tsx'),
      [runner, 'pack', 'inspect', 'hostile.update'],
      { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    expect(await new Promise((done) => child.once('exit', done))).toBe(0);
    const bytes = Buffer.concat(chunks);
    expect(bytes.includes(0x1b)).toBe(false);
    expect(bytes.includes(0x07)).toBe(false);
    expect(bytes.toString('utf8')).toContain('a\\u001b]52;c;ZXZpbA==\\u0007b\\u202ec');
  }, 60_000);
});

describe('hostile content in the Action and its Markdown', () => {
  const token = () => 'TOKEN';

  it('a log line that starts a workflow command is printed between stop-commands', () => {
    const out: string[] = [];
    createRunnerReporter((t) => out.push(t), {}, token).info(
      'published releases/lynx/x\n::add-mask::everything',
    );
    expect(out.join('')).toBe(
      '::stop-commands::TOKEN\npublished releases/lynx/x\n::add-mask::everything\n::TOKEN::\n',
    );
    expect(runnerCommands(out.join('')).map((c) => c.command)).toEqual(['stop-commands', 'TOKEN']);
  });

  it('a log line with the old ##[ syntax anywhere is printed between stop-commands', () => {
    const out: string[] = [];
    createRunnerReporter((t) => out.push(t), {}, token).info(
      'held back: a ##[set-env name=NODE_OPTIONS]--require=x',
    );
    expect(out.join('')).toBe(
      '::stop-commands::TOKEN\nheld back: a ##[set-env name=NODE_OPTIONS]--require=x\n::TOKEN::\n',
    );
  });

  it('a log line with ESC and U+202E shows them as escapes, and is not wrapped', () => {
    const out: string[] = [];
    createRunnerReporter((t) => out.push(t), {}, token).info(`name ${OSC52}\u202e`);
    expect(out.join('')).toBe('name \\u001b]52;c;ZXZpbA==\\u0007\\u202e\n');
  });

  it('an annotation whose message holds a newline and ::error:: stays one command', () => {
    const out: string[] = [];
    createRunnerReporter((t) => out.push(t), {}, token).annotate(
      'warning',
      'x\n::error::forged',
      'gitota: a,b',
    );
    expect(out.join('')).toBe('::warning title=gitota%3A a%2Cb::x%0A::error::forged\n');
    expect(runnerCommands(out.join('')).map((c) => c.command)).toEqual(['warning']);
  });

  it('the job summary file never receives a raw control character', async () => {
    const summaryFile = join(scratch, 'summary.md');
    createRunnerReporter(() => undefined, { summaryFile }, token).summary(`a${OSC52}b`);
    expect(await readFile(summaryFile, 'utf8')).toBe('a\\u001b]52;c;ZXZpbA==\\u0007b\n');
  });

  it('findings in the summary: a file name cannot close the row, a message cannot bring an image or a link', () => {
    const d: Diagnostic = {
      code: 'GITOTA420',
      severity: 'error',
      file: 'a|b`.yaml',
      line: 2,
      column: 3,
      message: 'x ![p](https://evil.example/p.png) <img src=x> [c](https://evil.example)',
      hint: '**bold** | @team',
    };
    expect(renderFindingsMarkdown([d]).split('\n')).toContain(
      '| ❌ error | ``a\\|b`.yaml:2:3`` | GITOTA420 | x \\!\\[p\\]\\(https\\:\\/\\/evil\\.example\\/p\\.png\\) \\<img src\\=x\\> \\[c\\]\\(https\\:\\/\\/evil\\.example\\)<br>*hint:* \\*\\*bold\\*\\* \\| \\@team |',
    );
  });

  it('the plan: file names with HTML, pipes and backticks are code spans, in tables and lists', () => {
    const plan: Plan = {
      base: 'a'.repeat(40),
      head: 'b'.repeat(40),
      releases: [],
      entities: [{ kind: 'device', id: 'x|y', file: 'devices/x|y.yaml', change: 'added' }],
      otherFiles: ['<img src=x onerror=alert(1)>.txt', 'files/`code`\n| a | b |'],
      rebuildAll: false,
      outputs: [],
      roles: [],
      packs: [],
      policy: { inForce: null, inForceReadable: true, headReadable: true },
    };
    const lines = renderPlanMarkdown(plan).split('\n');
    expect(lines).toContain('| ➕ added | device | `x\\|y` | `devices/x\\|y.yaml` |');
    expect(lines).toContain('- `<img src=x onerror=alert(1)>.txt`');
    expect(lines).toContain('- ``files/`code`\\n| a | b |``');
  });

  it('approvals: a pull request URL that is not plain https is no link; a file name cannot close the row', () => {
    const md = renderApprovalMarkdown({
      decisions: [
        {
          id: 'r',
          device: 'lynx',
          romtype: 'stable',
          file: 'releases/lynx/a|b.yaml',
          outcome: 'not-enough',
          reason: 'needs 2 [x](y)',
          required: 2,
          approvedBy: ['alice|x'],
          pullRequest: { number: 7, url: 'javascript:alert(1)' },
        },
      ],
    } as unknown as Parameters<typeof renderApprovalMarkdown>[0]);
    expect(md.split('\n')).toContain(
      '| `releases/lynx/a\\|b.yaml` | `stable` | #7 | 1/2 (`alice\\|x`) | held: needs 2 \\[x\\]\\(y\\) |',
    );
  });

  it('resolve-tomtom: a package name with a newline and ESC is one escaped cell', () => {
    const out = formatResolution('fleet', {
      ok: true,
      packages: [
        { name: 'a\n\u001b[2Jb', version: '1', path: 'https://cdn.example/a.ttpkg', reboot: false },
      ],
      install: ['a\n\u001b[2Jb'],
      remove: [],
      skipped: [],
    });
    expect(out.split('\n')).toContain(
      '1  a\\n\\u001b[2Jb  1        install          https://cdn.example/a.ttpkg',
    );
  });
});
