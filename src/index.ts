export type * from './model/types.js';
export type { Diagnostic, Severity } from './diagnostics/diagnostic.js';
export { runCli } from './cli/main.js';
