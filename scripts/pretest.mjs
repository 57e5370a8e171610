// Installs the real external tools the tests and the bench use when they are
// missing and we can (root with apt-get); npm runs it before `npm test` and
// `npm run bench`. Where we cannot, the tests that need a tool skip and
// name themselves; with CI=true a skip fails the run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { pkg: 'chromium', present: () => ['chromium', 'chromium-browser', 'google-chrome'].some(has) },
  {
    pkg: 'fdroidserver',
    present: () =>
      spawnSync('/usr/bin/python3', ['-c', 'import fdroidserver.index'], { stdio: 'ignore' })
        .status === 0,
  },
  { pkg: 'bzip2', present: () => has('bzip2') },
  { pkg: 'openjdk-17-jdk-headless', present: () => has('jarsigner') },
  { pkg: 'apksigner', present: () => has('apksigner') },
  { pkg: 'aapt', present: () => has('aapt') },
  { pkg: 'openssl', present: () => has('openssl') },
  { pkg: 'git', present: () => has('git') },
];

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const missing = needs.filter((n) => !n.present()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  console.warn(
    `pretest: missing ${missing.join(', ')} and cannot install them (need root and apt-get); the tests that need them will be skipped and named.`,
  );
  process.exit(0);
}
console.log(`pretest: installing ${missing.join(', ')} with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
} catch (error) {
  console.warn(
    `pretest: apt-get failed (${error.message}); the tests that need ${missing.join(', ')} will be skipped and named.`,
  );
}
