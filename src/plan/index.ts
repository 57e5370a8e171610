export { planChanges, type PlanInput } from './plan-changes.js';
export { gatherPlanInput, resolveCommit, type GatherOptions } from './gather-plan-input.js';
export { diffCommits, parseNameStatus, type FileChange } from './diff-commits.js';
export {
  loadCommitContent,
  readCommitTexts,
  CONTENT_ROOTS,
  type CommitContent,
} from './load-commit-content.js';
export { renderPlanMarkdown } from './render-plan-markdown.js';
export { renderPlanText } from './render-plan-text.js';
export {
  releasesNeedingApproval,
  type EntityChange,
  type Plan,
  type ReleaseChange,
} from './plan-types.js';
export type { ChangeKind } from './change-kind.js';
export { classifyPath } from '../load/content-layout.js';
