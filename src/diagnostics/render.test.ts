import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './diagnostic.js';
import { escapeData, escapeProperty } from './escape-workflow.js';
import { FOLD_ABOVE, formatGithub, formatJson, formatSummary, formatText } from './render.js';

const error: Diagnostic = {
  code: 'GITOTA012',
  severity: 'error',
  message: 'devices/bacon.yml is not a device file',
  file: 'devices/bacon.yml',
  line: 1,
  column: 1,
  hint: 'rename it to bacon.yaml',
};
const warning: Diagnostic = {
  code: 'GITOTA011',
  severity: 'warning',
  message: 'versionName 1.10 reads as 1.1',
  file: 'apps/a.yml',
  line: 3,
  column: 18,
};

function many(severity: Diagnostic['severity'], n: number): Diagnostic[] {
  return Array.from({ length: n }, (_, i) => ({
    code: 'GITOTA050',
    severity,
    message: `m${i}`,
    file: `f${String(i).padStart(2, '0')}.yaml`,
    line: 1,
    column: 1,
  }));
}

describe('formatText', () => {
  it('prints like a compiler, most severe first, hint indented', () => {
    expect(formatText([warning, error])).toBe(
      'devices/bacon.yml:1:1: error GITOTA012 devices/bacon.yml is not a device file\n' +
        '    hint: rename it to bacon.yaml\n' +
        'apps/a.yml:3:18: warning GITOTA011 versionName 1.10 reads as 1.1\n',
    );
  });
});

describe('formatText folds a repeated code', () => {
  const repeated = (n: number): Diagnostic[] =>
    Array.from({ length: n }, (_, i) => ({
      code: 'GITOTA505',
      severity: 'warning',
      message: `a version of app${i} is left out`,
      file: `apps/app${String(i).padStart(4, '0')}/versions.yaml`,
      line: 1,
      column: 1,
      hint: 'publish where the APK can be downloaded',
    }));

  it('into its first finding and one line with the count and the first files', () => {
    const text = formatText([...repeated(6500), warning, error]);
    expect(text.split('\n')).toEqual([
      'devices/bacon.yml:1:1: error GITOTA012 devices/bacon.yml is not a device file',
      '    hint: rename it to bacon.yaml',
      'apps/a.yml:3:18: warning GITOTA011 versionName 1.10 reads as 1.1',
      'apps/app0000/versions.yaml:1:1: warning GITOTA505 a version of app0 is left out',
      '    hint: publish where the APK can be downloaded',
      '    … and 6499 more warnings GITOTA505 in apps/app0001/versions.yaml, apps/app0002/versions.yaml, apps/app0003/versions.yaml and 6496 other files (--format json lists each)',
      '',
    ]);
  });

  it('only past FOLD_ABOVE findings, and JSON keeps every one', () => {
    const few = formatText(repeated(FOLD_ABOVE));
    expect(few.match(/GITOTA505/g)).toHaveLength(FOLD_ABOVE);
    expect(few).not.toContain('more warnings');
    const many = repeated(FOLD_ABOVE + 1);
    expect(formatText(many)).toContain('… and 10 more warnings GITOTA505 in ');
    expect((JSON.parse(formatJson(many)) as { diagnostics: unknown[] }).diagnostics).toHaveLength(
      FOLD_ABOVE + 1,
    );
  });

  it('per severity: errors of a code are not folded into its warnings', () => {
    const errors = repeated(3).map((d) => ({ ...d, severity: 'error' as const }));
    const text = formatText([...repeated(20), ...errors]);
    expect(text.match(/: error GITOTA505/g)).toHaveLength(3);
    expect(text.match(/: warning GITOTA505/g)).toHaveLength(1);
    expect(text).toContain('… and 19 more warnings GITOTA505');
  });

  it('names a file once however many findings it holds, and escapes its name', () => {
    const inOne = repeated(12).map((d) => ({ ...d, file: 'apps/x\u202e.yml' }));
    expect(formatText(inOne)).toContain('… and 11 more warnings GITOTA505 in apps/x\\u202e.yml (');
  });
});

describe('formatJson', () => {
  it('is one JSON document with counts', () => {
    const parsed = JSON.parse(formatJson([warning, error])) as {
      diagnostics: Diagnostic[];
      errors: number;
      warnings: number;
    };
    expect(parsed.errors).toBe(1);
    expect(parsed.warnings).toBe(1);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['GITOTA012', 'GITOTA011']);
    expect(parsed.diagnostics[0]).toEqual(error);
  });
});

describe('formatGithub', () => {
  it('escapes data and properties exactly as the workflow-command protocol requires', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const d: Diagnostic = {
      code: 'GITOTA050',
      severity: 'error',
      message: 'unknown key `a:b`, 100%',
      file: 'dir,x/a:b.yaml',
      line: 2,
      column: 3,
      hint: 'line\ntwo',
    };
    // The hint starts a second line of the annotation; a line break inside it is content and shows as \n.
    expect(formatGithub([d])).toBe(
      '::error file=dir%2Cx/a%3Ab.yaml,line=2,col=3,title=GITOTA050::unknown key `a:b`, 100%25%0Ahint: line\\ntwo\n',
    );
  });

  it('shows at most 10 per severity, most severe first, then one notice counting the rest', () => {
    const out = formatGithub([...many('warning', 12), ...many('error', 11), ...many('notice', 2)])
      .trimEnd()
      .split('\n');
    expect(out.filter((l) => l.startsWith('::error ')).length).toBe(10);
    expect(out.filter((l) => l.startsWith('::warning ')).length).toBe(10);
    expect(out.filter((l) => l.startsWith('::notice ')).length).toBe(2);
    expect(out.findIndex((l) => l.startsWith('::warning '))).toBeGreaterThan(
      out.findLastIndex((l) => l.startsWith('::error ')),
    );
    expect(out.at(-1)).toBe(
      '::notice::1 error, 2 warnings more not shown as annotations; see the job log or summary',
    );
    expect(out.length).toBe(23);
  });

  it('prints nothing extra when everything fits', () => {
    expect(formatGithub(many('error', 10)).trimEnd().split('\n').length).toBe(10);
    expect(formatGithub([])).toBe('');
  });
});

describe('formatSummary', () => {
  it('counts errors and warnings', () => {
    expect(formatSummary([error, warning, warning], 53)).toBe('1 error, 2 warnings in 53 files');
    expect(formatSummary([], 1)).toBe('0 errors, 0 warnings in 1 file');
  });
});

describe('content in diagnostics cannot act on the reader', () => {
  const forged: Diagnostic = {
    code: 'GITOTA420',
    severity: 'error',
    message: 'name "a\u001b]52;c;ZXZpbA==\u0007b" is bad',
    file: 'devices/x\nREADME.md:1:1: error GITOTA000 forged.yaml',
    line: 1,
    column: 1,
    hint: 'rename \u202eelif.yaml',
  };

  it('text: one line per finding, escapes visible, backslashes doubled', () => {
    expect(formatText([forged])).toBe(
      'devices/x\\nREADME.md:1:1: error GITOTA000 forged.yaml:1:1: error GITOTA420 name "a\\u001b]52;c;ZXZpbA==\\u0007b" is bad\n    hint: rename \\u202eelif.yaml\n',
    );
  });

  it('JSON: bidi and C1 written as \\u escapes that parse back', () => {
    const d: Diagnostic = { ...forged, message: 'x\u202ey\u009bz\u007f' };
    const out = formatJson([d]);
    expect(out).toContain('"message": "x\\u202ey\\u009bz\\u007f"');
    expect((JSON.parse(out) as { diagnostics: Diagnostic[] }).diagnostics[0]?.message).toBe(
      d.message,
    );
  });

  it('GitHub: the forged line stays inside the one annotation', () => {
    expect(formatGithub([forged])).toBe(
      '::error file=devices/x\\nREADME.md%3A1%3A1%3A error GITOTA000 forged.yaml,line=1,col=1,title=GITOTA420::name "a\\u001b]52;c;ZXZpbA==\\u0007b" is bad%0Ahint: rename \\u202eelif.yaml\n',
    );
  });
});
