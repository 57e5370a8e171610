import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gitotaRuns, type BenchContext } from './bench-context.js';
import { judge, summarise, type StageResult } from './stage-stats.js';

const CONFIG =
  'site: {base_url: "https://ota.example.org/", title: bench}\nchannels: {nightly: {approvals: 0}}\n';

/**
 * Hostile YAML (issue 11): one release file holding a single mapping of
 * 380,000 keys (3.4 MB), refused by limits.max_yaml_keys_per_mapping, and one
 * of 50,000 keys, read and reported (its keys are unknown to the schema).
 * Both were quadratic: 50,000 keys took minutes.
 */
export async function benchHostileYaml(ctx: BenchContext): Promise<StageResult[]> {
  const results: StageResult[] = [];
  for (const keys of [380_000, 50_000]) {
    const repo = join(ctx.work, `yaml-${keys}`);
    await mkdir(join(repo, 'releases', 'bacon'), { recursive: true });
    await writeFile(join(repo, 'gitota.yaml'), CONFIG);
    await writeFile(
      join(repo, 'releases', 'bacon', 'wide.yaml'),
      Array.from({ length: keys }, (_, i) => `k${i.toString(36)}: ${i % 10}`).join('\n') + '\n',
    );
    // validate exits 1: the file is refused or has findings; the work is what is measured.
    const runs = await gitotaRuns(ctx, ['validate', '--repo', repo], { cwd: repo, accept: [1] });
    const stage = summarise(
      `validate (${keys.toLocaleString('en')} keys in one mapping)`,
      `gitota validate on a release file of ${keys} keys`,
      runs,
    );
    results.push(judge(stage, '≤ 5 s', stage.median <= 5_000));
  }
  return results;
}
