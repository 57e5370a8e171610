import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A real git repository for the GitHub tests: commits made with fixed
 * identities and dates, pull requests simulated as topic branches merged with
 * `--no-ff` (what GitHub's merge button does).
 */
export interface GitFixture {
  dir: string;
  git(...args: string[]): string;
  /** Writes files and commits them on the current branch; returns the commit id. */
  commit(message: string, files: Record<string, string>): string;
  /** Commits `files` on a topic branch from main and merges it into main; returns the topic head and the merge commit. */
  mergeBranch(
    name: string,
    commits: Array<Record<string, string>>,
  ): { head: string; commits: string[]; merge: string };
  cleanup(): Promise<void>;
}

let clock = 1_700_000_000;

export async function createGitFixture(prefix = 'gitota-gh-'): Promise<GitFixture> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const git = (...args: string[]): string => {
    clock += 60;
    const date = `${clock} +0000`;
    const r = spawnSync(
      'git',
      [
        '-c',
        'user.name=Test',
        '-c',
        'user.email=test@example.org',
        '-c',
        'commit.gpgsign=false',
        '-c',
        'init.defaultBranch=main',
        ...args,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_DATE: date,
          GIT_CONFIG_NOSYSTEM: '1',
          LC_ALL: 'C',
        },
      },
    );
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  git('init', '-q', '-b', 'main');
  const fixture: GitFixture = {
    dir,
    git,
    commit(message, files) {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    mergeBranch(name, commits) {
      git('checkout', '-q', '-b', name, 'main');
      const made = commits.map((files, i) => fixture.commit(`${name} ${i + 1}`, files));
      git('checkout', '-q', 'main');
      git('merge', '-q', '--no-ff', '-m', `Merge ${name}`, name);
      return { head: made[made.length - 1] ?? '', commits: made, merge: git('rev-parse', 'HEAD') };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  return fixture;
}
