import { DEFAULT_MAX_FILE_BYTES, loadText } from '../load/load-repository.js';
import { parseYaml } from '../load/parse-yaml.js';
import type { Position } from '../load/source-file.js';
import type { ChannelPolicy } from '../model/types.js';
import { runGit } from '../git/run-git.js';
import { checkFiles } from '../validate/validate-content.js';
import { normaliseConfig } from '../validate/normalise.js';
import { parseNameStatus } from './diff-commits.js';
import type { PolicyInput, PolicySnapshot } from './policy-types.js';
import { actionRootsOf, PROTECTED_ROOTS, protectedKindOf } from './protected-paths.js';

/**
 * The I/O half of judging the policy: gitota.yaml's channels at the commit in
 * force and at head (read from git objects, never the work tree), and which
 * protected files differ between the two. planChanges does the rest.
 */
export async function gatherPolicyInput(
  repo: string,
  inForce: string | undefined,
  head: string,
): Promise<PolicyInput> {
  const [headSnapshot, inForceSnapshot] = await Promise.all([
    readPolicy(repo, head),
    inForce === undefined ? undefined : readPolicy(repo, inForce),
  ]);
  if (inForce === undefined) return { head: headSnapshot, protectedChanges: [] };
  // What the action runs is protected in the repository that holds the action, at either commit.
  const roots = [
    ...new Set([...(await actionRoots(repo, inForce)), ...(await actionRoots(repo, head))]),
  ];
  const pathspecs = [...PROTECTED_ROOTS, ...roots];
  const diff = await runGit(
    [
      '--literal-pathspecs',
      'diff',
      '--no-ext-diff',
      '--no-textconv',
      '--name-status',
      '-z',
      '-M',
      inForce,
      head,
      '--',
      ...pathspecs,
    ],
    { cwd: repo },
  );
  const protectedChanges: Array<PolicyInput['protectedChanges'][number]> = [];
  for (const c of parseNameStatus(diff.stdout.toString('utf8'))) {
    const kind =
      protectedKindOf(c.path, roots) ??
      (c.oldPath !== undefined ? protectedKindOf(c.oldPath, roots) : undefined);
    if (kind === undefined) continue;
    const change = c.status === 'added' ? 'added' : c.status === 'deleted' ? 'removed' : 'changed';
    protectedChanges.push({
      path: c.path,
      ...(c.oldPath !== undefined ? { oldPath: c.oldPath } : {}),
      kind,
      change,
    });
  }
  return { inForce: inForceSnapshot, head: headSnapshot, protectedChanges };
}

/** gitota.yaml's channels at a commit, with where each sits; unreadable when the file is missing, too large, or fails to load or to match its schema. */
export async function readPolicy(repo: string, commit: string): Promise<PolicySnapshot> {
  const text = await readSmallBlob(repo, commit, 'gitota.yaml', DEFAULT_MAX_FILE_BYTES);
  if (typeof text !== 'string') return { readable: false, commit, why: text.why };
  const loaded = loadText({ path: 'gitota.yaml', kind: 'config' }, text);
  if (loaded.file === undefined)
    return { readable: false, commit, why: firstMessage(loaded.diagnostics, 'it does not parse') };
  const checked = checkFiles([loaded.file]);
  if (!checked.configValid)
    return {
      readable: false,
      commit,
      why: firstMessage(checked.diagnostics, 'it does not match its schema'),
    };
  const file = loaded.file;
  const channels: Record<string, ChannelPolicy> = {};
  const positions: Record<string, Position> = {};
  for (const [name, policy] of Object.entries(normaliseConfig(file).channels)) {
    channels[name] = {
      approvals: policy.approvals,
      ...(policy.approvers ? { approvers: policy.approvers } : {}),
    };
    for (const pointer of [
      `/channels/${name}`,
      `/channels/${name}/approvals`,
      `/channels/${name}/approvers`,
    ])
      positions[pointer] = file.locate(pointer, 'key');
  }
  return {
    readable: true,
    commit,
    channels,
    positions,
    channelsAt: file.locate('/channels', 'key'),
  };
}

function firstMessage(
  diagnostics: ReadonlyArray<{ code: string; message: string; line: number }>,
  fallback: string,
): string {
  const first = diagnostics[0];
  return first === undefined ? fallback : `${first.code} at line ${first.line}: ${first.message}`;
}

/** The folders an action.yml (or action.yaml) at `commit` runs code from; none when there is no such file or it does not parse. */
async function actionRoots(repo: string, commit: string): Promise<string[]> {
  const roots: string[] = [];
  for (const name of ['action.yml', 'action.yaml']) {
    const text = await readSmallBlob(repo, commit, name, 1024 * 1024);
    if (typeof text !== 'string') continue;
    const parsed = parseYaml(name, text);
    if (parsed.ok) roots.push(...actionRootsOf(parsed.data));
  }
  return roots;
}

/** A blob's text when it exists and is at most `max` bytes; otherwise why not. */
async function readSmallBlob(
  repo: string,
  commit: string,
  path: string,
  max: number,
): Promise<string | { why: string }> {
  const spec = `${commit}:${path}`;
  const check = await runGit(['cat-file', '--batch-check=%(objecttype) %(objectsize)'], {
    cwd: repo,
    input: `${spec}\n`,
  });
  const [type, size] = check.stdout.toString('utf8').trim().split(' ');
  if (type !== 'blob')
    return { why: type === 'tree' ? `${path} is a folder` : `there is no ${path}` };
  if (Number(size) > max) return { why: `${path} is ${size} bytes, over the ${max}-byte limit` };
  const blob = await runGit(['cat-file', 'blob', spec], { cwd: repo });
  return blob.stdout.toString('utf8');
}
