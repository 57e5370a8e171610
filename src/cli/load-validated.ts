import type { LoadValidated } from '../publish/build-site.js';
import { validateRepository } from '../validate/index.js';

/** load + validate for the commands that read content (build, start, resolve-tomtom). */
export const loadValidatedRepository: LoadValidated = (root, options) =>
  validateRepository(root, { ...options, index: true });
