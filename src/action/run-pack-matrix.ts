import { isAbsolute, resolve } from 'node:path';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { formatGithub, formatSummary } from '../diagnostics/render.js';
import { buildShardPacks } from '../packs/build-shard-packs.js';
import { gatherPlanInput } from '../plan/gather-plan-input.js';
import { packMatrix } from '../plan/pack-matrix.js';
import { planChanges } from '../plan/plan-changes.js';
import { ensureCommit } from '../git/remote-branch.js';
import { readPublished } from '../publish/publish-site.js';
import { validateRepository } from '../validate/index.js';
import { ActionInputError, type ActionInputs } from './action-inputs.js';
import type { ActionReporter } from './workflow-commands.js';

/**
 * The two steps of the sharded publish (publish.yml with `shards`), so a
 * content repository's workflow needs the Action and nothing else (no Node
 * set-up, no `npx`): `mode: matrix` plans what changed since the site was
 * published and sets the `matrix` output; `mode: build-packs` builds one
 * shard's packs into `packs-path`, for the publish job to gather.
 */

export interface PackMatrixOptions {
  repoDir: string;
  workspace: string;
  inputs: ActionInputs;
  now: number;
  reporter: ActionReporter;
  remote?: string;
}

/** `mode: matrix`: `{"include":[{"shard":"1/N","packs":"…"}]}` of the packs changed since the published commit (every pack when nothing is published). */
export async function runMatrix(options: PackMatrixOptions): Promise<number> {
  const { reporter, inputs, repoDir } = options;
  const shards = inputs.shards;
  if (shards === undefined)
    throw new ActionInputError('mode matrix needs the input shards (a whole number from 1 to 256)');
  const validated = await validateRepository(repoDir, { now: options.now, index: true });
  reporter.info(formatSummary(validated.diagnostics, validated.stats.files));
  reporter.commands(formatGithub(validated.diagnostics));
  if (hasErrors(validated.diagnostics)) return 1;
  const remote = options.remote ?? 'origin';
  const source = (await readPublished(repoDir, remote, inputs.branch)).state?.source;
  const base =
    source !== undefined && (await ensureCommit(repoDir, remote, source)) ? source : undefined;
  const plan = planChanges(
    await gatherPlanInput(repoDir, base, 'HEAD', { headContent: validated.content }),
  );
  const matrix = packMatrix(plan.packs, shards);
  reporter.info(
    `gitota matrix: ${plan.packs.length} pack${plan.packs.length === 1 ? '' : 's'} to build since ${base === undefined ? 'nothing was published' : base.slice(0, 12)}, in ${matrix.include.length} shard${matrix.include.length === 1 ? '' : 's'}`,
  );
  reporter.output('matrix', JSON.stringify(matrix));
  return 0;
}

/** `mode: build-packs`: shard `shard` (I/N) of the packs, into the first directory of `packs-path` (default `_packs`). */
export async function runBuildPacks(options: PackMatrixOptions): Promise<number> {
  const { reporter, inputs } = options;
  const first =
    inputs.packsPath
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '_packs';
  const out = isAbsolute(first) ? first : resolve(options.workspace, first);
  const result = await buildShardPacks(options.repoDir, inputs.shard, out, options.now);
  if (!result.ok && result.reason === 'shard')
    throw new ActionInputError(
      `mode build-packs needs the input shard as I/N with 1 <= I <= N, got ${JSON.stringify(inputs.shard)}`,
    );
  reporter.commands(formatGithub(result.diagnostics));
  if (!result.ok) return 1;
  reporter.info(
    `gitota build-packs ${inputs.shard}: ${result.packs.length} pack${result.packs.length === 1 ? '' : 's'} in ${first}${result.packs.length ? `: ${result.packs.map((p) => p.id).join(', ')}` : ''}`,
  );
  return 0;
}
