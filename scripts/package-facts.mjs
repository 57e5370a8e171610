// What the built gitota knows about itself, from package.json at build time:
// its version and the GitHub repository its action and schemas are released
// from. scripts/build.mjs and vitest.config.ts define the same constants, so
// nothing gitota runs reads package.json (it is not there in a content
// repository's checkout of the action).
import { readFileSync } from 'node:fs';

export function packageFacts() {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const url = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository?.url ?? '');
  const match = /github\.com[/:]([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+?)(?:\.git)?$/.exec(url);
  if (!match)
    throw new Error(
      `package.json: repository must be a GitHub repository URL, got ${JSON.stringify(url)}`,
    );
  return { version: pkg.version, repository: match[1] };
}

/** esbuild's / vite's `define`: the facts as JavaScript literals. */
export function packageDefines() {
  const facts = packageFacts();
  return {
    GITOTA_VERSION: JSON.stringify(facts.version),
    GITOTA_REPOSITORY: JSON.stringify(facts.repository),
  };
}
