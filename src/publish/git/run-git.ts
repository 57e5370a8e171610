/** Moved to src/git/run-git.ts (the git room sits below load and plan); kept so older imports still resolve. */
export { GitError, gitText, runGit, type GitOptions, type GitResult } from '../../git/run-git.js';
