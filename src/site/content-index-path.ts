/**
 * Where the published site carries the content index of the commit it was
 * built from (src/load/content-index.ts): at the root, beside gitota-state.json,
 * on the Pages branch that a pull request's plan already reads.
 */
export const CONTENT_INDEX_PATH = 'gitota-content-index.json';
