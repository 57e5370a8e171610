/**
 * What the runner hands a step, shared by the tests that run the bundled
 * action as a process: a recorded-shape pull_request event, and the step's
 * GITHUB_OUTPUT file read back the way the runner reads it.
 */

/** A `pull_request` (synchronize) event payload of `repository`, from `headRepository` (a fork when they differ). */
export function pullRequestEvent(
  repository: string,
  number: number,
  baseSha: string,
  headSha: string,
  headRepository = repository,
) {
  const repo = (full: string) => ({
    id: 1,
    name: full.split('/')[1],
    full_name: full,
    owner: { login: full.split('/')[0], type: 'Organization' },
    private: false,
  });
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      state: 'open',
      title: 'Add builds',
      user: { login: 'dave', type: 'User' },
      head: { label: `dave:topic`, ref: 'topic', sha: headSha, repo: repo(headRepository) },
      base: { label: 'example:main', ref: 'main', sha: baseSha, repo: repo(repository) },
      merged: false,
      draft: false,
    },
    repository: repo(repository),
    sender: { login: 'dave', type: 'User' },
  };
}

/** Reads GITHUB_OUTPUT's `name<<DELIM ... DELIM` records the way the runner does. */
export function parseStepOutputs(text: string): Map<string, string> {
  const outputs = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i] ?? '');
    outputs.set(match[1] ?? '', value.join('\n'));
  }
  return outputs;
}
