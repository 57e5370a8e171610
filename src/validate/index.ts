export {
  validateRepository,
  checkFiles,
  type ValidateOptions,
  type ValidationResult,
} from './validate-content.js';
export {
  normaliseContent,
  normaliseConfig,
  normaliseBooleans,
  CONFIG_DEFAULTS,
} from './normalise.js';
export { checkSchema, schemaValidator, SCHEMAS, SchemaCompileError } from './schemas.js';
export { mapSchemaErrors, describePlace, suggestName, KIND_LABELS } from './schema-errors.js';
export {
  loadRepository,
  loadText,
  DEFAULT_MAX_FILE_BYTES,
  type LoadedRepository,
} from '../load/load-repository.js';
export { createRepoFiles } from '../load/create-repo-files.js';
export { checkRepoPath } from '../git/repo-path.js';
