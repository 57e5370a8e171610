import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runAction } from '../../src/action/run-action.js';
import { createMemoryReporter } from '../../src/action/workflow-commands.js';
import type { GitHubStandIn } from '../support/github-api.js';

/** The Action's `update-check` mode as a scheduled GitHub run starts it: inputs in INPUT_* variables. */
export async function runUpdateCheckAction(options: {
  root: string;
  dir: string;
  github: GitHubStandIn;
  repository: string;
  token: string;
}) {
  const eventPath = join(options.dir, 'event.json');
  await writeFile(eventPath, JSON.stringify({ schedule: '41 4 * * *' }));
  const reporter = createMemoryReporter();
  const seen = options.github.requests.length;
  const code = await runAction({
    env: {
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.root,
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: options.repository,
      GITHUB_API_URL: options.github.url,
      GITHUB_REF: 'refs/heads/main',
      SOURCE_DATE_EPOCH: '1900000000',
      INPUT_MODE: 'update-check',
      INPUT_TOKEN: 'ghs_job_token_not_for_pull_requests',
      'INPUT_PULL-REQUEST-TOKEN': options.token,
      'INPUT_UPDATE-BUDGET': '120',
    },
    reporter,
    now: () => 1_900_000_000,
  });
  const writes = options.github.requests
    .slice(seen)
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}`);
  return { code, reporter, writes, summary: reporter.summaries.join('') };
}
