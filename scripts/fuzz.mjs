// `npm run fuzz`: every property-based test (*.fuzz.test.ts) with a random seed
// and many more cases than `npm test` runs. Prints the seed first so any
// failure can be replayed with GITOTA_FUZZ_SEED=<seed>.
// Options: GITOTA_FUZZ_MINUTES (per property, default 10), GITOTA_FUZZ_SCALE
// (cases = the test's own count × scale, default 100).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const seed =
  process.env.GITOTA_FUZZ_SEED ?? String((Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0);
const env = {
  ...process.env,
  GITOTA_FUZZ: '1',
  GITOTA_FUZZ_SEED: seed,
  GITOTA_FUZZ_MINUTES: process.env.GITOTA_FUZZ_MINUTES ?? '10',
};
const tallyDir = mkdtempSync(join(tmpdir(), 'gitota-fuzz-'));
env.GITOTA_FUZZ_TALLY = join(tallyDir, 'tally.tsv');
console.log(`fuzz: seed ${seed} (replay with GITOTA_FUZZ_SEED=${seed} npm run fuzz)`);
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2), '.fuzz.test.ts'], {
  stdio: 'inherit',
  env,
});
let tally = '';
try {
  tally = readFileSync(env.GITOTA_FUZZ_TALLY, 'utf8');
} catch (error) {
  if (error.code !== 'ENOENT') throw error; // no property finished: nothing to tell
}
rmSync(tallyDir, { recursive: true, force: true });
const rows = tally.split('\n').filter((line) => line !== '');
console.log(`fuzz: cases per property (seed ${seed})`);
for (const row of rows) {
  const [name, runs, outcome] = row.split('\t');
  console.log(`  ${runs.padStart(9)}  ${outcome}  ${name}`);
}
process.exit(result.status ?? 1);
