import { describe, expect, it } from 'vitest';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import { runCli } from '../main.js';
import { memoryIo } from '../io.js';
import { COMMANDS } from './index.js';

describe('COMMANDS', () => {
  it('names and summarises each command exactly as its module does', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({
        name: entry.name,
        summary: entry.summary,
      });
    }
  });

  it('has one entry per name', () => {
    const names = COMMANDS.map((c) => c.name);
    expect([...new Set(names)].sort(compareStrings)).toEqual([...names].sort(compareStrings));
  });
});

describe('help', () => {
  it('lists every command with its summary, without loading any command', async () => {
    const io = memoryIo({ cwd: '/' });
    expect(await runCli(['help'], io)).toBe(0);
    const text = io.out.join('');
    for (const entry of COMMANDS) expect(text).toContain(`  ${entry.name}`);
    expect(text).toContain('check the content repository: YAML safety, schemas and rules');
  });

  it("prints a command's usage, loaded on demand", async () => {
    const io = memoryIo({ cwd: '/' });
    expect(await runCli(['help', 'validate'], io)).toBe(0);
    expect(io.out.join('')).toMatch(/^Usage: gitota validate/);
    const viaFlag = memoryIo({ cwd: '/' });
    expect(await runCli(['validate', '--help'], viaFlag)).toBe(0);
    expect(viaFlag.out).toEqual(io.out);
  });

  it('refuses an unknown command with the list', async () => {
    const io = memoryIo({ cwd: '/' });
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.err.join('')).toMatch(
      /^gitota: unknown command 'frobnicate'\n\ngitota .*\n[\s\S]* {2}validate {2}/,
    );
  });
});
