// The release workflow's first check (release.yml): prints, as GITHUB_OUTPUT lines,
// the tag of package.json's version (vX.Y.Z), the major tag it moves (vX) and the
// tarball `npm pack` makes; refuses (exit 1) a version that is not X.Y.Z, a tag that
// already exists, or a checkout that is not main.
//
//   node scripts/release-tags.mjs [--allow-branch]   (--allow-branch: for tests)
import { spawnSync } from 'node:child_process';
import { packageFacts } from './package-facts.mjs';

const git = (...args) => spawnSync('git', args, { encoding: 'utf8' });
const fail = (message) => {
  console.error(`release: ${message}`);
  process.exit(1);
};

const { version } = packageFacts();
const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
if (!match) fail(`package.json's version ${JSON.stringify(version)} is not X.Y.Z`);
const tag = `v${version}`;
const major = `v${match[1]}`;
if (git('rev-parse', '-q', '--verify', `refs/tags/${tag}`).status === 0)
  fail(`${tag} is tagged already: raise the version in package.json (and rebuild dist/)`);
if (!process.argv.includes('--allow-branch')) {
  const branch = git('rev-parse', '--abbrev-ref', 'HEAD').stdout.trim();
  if (branch !== 'main') fail(`releases are made from main, not ${branch}`);
}
process.stdout.write(`tag=${tag}\nmajor=${major}\ntarball=gitota-${version}.tgz\n`);
