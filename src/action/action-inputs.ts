import { KEY_ENV } from '../tuf/keys.js';

/**
 * The Action's inputs, read from the environment the runner sets
 * (`INPUT_<NAME>`, name upper-cased, spaces as `_`, hyphens kept). The
 * environment is passed in: only main.ts hands over `process.env`.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export const ACTION_MODES = [
  'auto',
  'validate',
  'plan',
  'publish',
  'refresh',
  'matrix',
  'build-packs',
  'update-check',
] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

/** Key inputs → the environment variables loadKeyRing reads. */
export const KEY_INPUTS: Readonly<Record<string, string>> = {
  'targets-key': KEY_ENV.targets,
  'snapshot-key': KEY_ENV.snapshot,
  'timestamp-key': KEY_ENV.timestamp,
  'delegation-key': KEY_ENV.delegations,
  'manifest-key': KEY_ENV.manifest,
  'fdroid-key': KEY_ENV.fdroid,
  'fdroid-certificate': KEY_ENV.fdroidCertificate,
  'tomtom-key': KEY_ENV.tomtom,
};

export interface ActionInputs {
  mode: ActionMode;
  token: string;
  branch: string;
  repoPath: string;
  baseUrl: string;
  devKeys: boolean;
  sourceDateEpoch: string;
  packsPath: string;
  /** Retries of a GitHub API call answered 5xx. */
  apiRetries: number;
  /** `mode: matrix`: at most this many pack-build shards (1–256); undefined when not given. */
  shards?: number;
  /** `mode: build-packs`: the shard to build, `I/N` as the matrix names it. */
  shard: string;
  /** The key environment for loadKeyRing: inputs, else the GITOTA_* variables of the step. */
  keyEnv: Record<string, string>;
}

export class ActionInputError extends Error {
  override name = 'ActionInputError';
  readonly code = 'ACTION_INPUT';
}

/** `core.getInput`'s rule: `INPUT_` + the name with spaces as `_`, upper case; the value trimmed. */
export function readInput(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** YAML 1.2 core-schema booleans, as `core.getBooleanInput` accepts them. */
export function parseBooleanInput(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new ActionInputError(`input ${name} must be true or false, got ${JSON.stringify(value)}`);
}

export function parseCountInput(name: string, value: string, fallback: number): number {
  if (value === '') return fallback;
  if (!/^\d{1,2}$/.test(value))
    throw new ActionInputError(
      `input ${name} must be a whole number from 0 to 99, got ${JSON.stringify(value)}`,
    );
  return Number(value);
}

export function readActionInputs(env: Env): ActionInputs {
  const mode = readInput(env, 'mode') || 'auto';
  if (!(ACTION_MODES as readonly string[]).includes(mode))
    throw new ActionInputError(
      `input mode must be one of ${ACTION_MODES.join(', ')}, got ${JSON.stringify(mode)}`,
    );
  const shards = shardsInput(readInput(env, 'shards'));
  const shard = readInput(env, 'shard');
  if (mode === 'matrix' && shards.shards === undefined)
    throw new ActionInputError('mode matrix needs the input shards (a whole number from 1 to 256)');
  if (mode === 'build-packs' && !/^[1-9]\d*\/[1-9]\d*$/.test(shard))
    throw new ActionInputError(
      `mode build-packs needs the input shard as I/N (the matrix output's shard), got ${JSON.stringify(shard)}`,
    );
  const keyEnv: Record<string, string> = {};
  for (const [input, variable] of Object.entries(KEY_INPUTS)) {
    const value = readInput(env, input) || (env[variable] ?? '').trim();
    if (value !== '') keyEnv[variable] = value;
  }
  return {
    mode: mode as ActionMode,
    token: readInput(env, 'token') || (env.GITHUB_TOKEN ?? '').trim(),
    branch: readInput(env, 'branch') || 'gh-pages',
    repoPath: readInput(env, 'repo-path') || '.',
    baseUrl: readInput(env, 'base-url'),
    devKeys: parseBooleanInput('dev-keys', readInput(env, 'dev-keys'), false),
    sourceDateEpoch: readInput(env, 'source-date-epoch'),
    packsPath: readInput(env, 'packs-path'),
    apiRetries: parseCountInput('api-retries', readInput(env, 'api-retries'), 3),
    ...shards,
    shard,
    keyEnv,
  };
}

function shardsInput(value: string): { shards?: number } {
  if (value === '') return {};
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 256)
    throw new ActionInputError(
      `input shards must be a whole number from 1 to 256, got ${JSON.stringify(value)}`,
    );
  return { shards: Number(value) };
}

/** Every secret value of a run: the token and each key, masked before anything else happens. */
export function secretValues(env: Env): string[] {
  const values = new Set<string>();
  const add = (v: string | undefined) => {
    if (v !== undefined && v.trim() !== '') values.add(v.trim());
  };
  add(readInput(env, 'token'));
  add(env.GITHUB_TOKEN);
  add(readInput(env, 'pull-request-token'));
  for (const [input, variable] of Object.entries(KEY_INPUTS)) {
    // The certificate is public; masking it would only garble logs.
    if (input === 'fdroid-certificate') continue;
    add(readInput(env, input));
    add(env[variable]);
  }
  return [...values];
}

/** Inputs of `mode: update-check` (src/action/run-update-check.ts). */
export interface UpdateCheckInputs {
  /** Opens the pull requests; a GitHub App's or a fine-grained token, so that they start workflows. Default: `token`. */
  pullRequestToken: string;
  /** App ids and device codenames, whitespace-separated; empty: all. */
  ids: string[];
  /** Seconds the whole check may take. */
  budgetSeconds: number;
}

export function readUpdateCheckInputs(env: Env, inputs: ActionInputs): UpdateCheckInputs {
  const budget = readInput(env, 'update-budget');
  if (budget !== '' && !/^\d{1,6}$/.test(budget))
    throw new ActionInputError(
      `input update-budget must be whole seconds, got ${JSON.stringify(budget)}`,
    );
  return {
    pullRequestToken: readInput(env, 'pull-request-token') || inputs.token,
    ids: readInput(env, 'update-ids')
      .split(/\s+/)
      .filter((id) => id !== ''),
    budgetSeconds: budget === '' ? 1200 : Number(budget),
  };
}
