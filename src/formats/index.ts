import type { Format } from './format.js';

/** Every output format, one line each. A new format is one file, one line here, one golden fixture. */
export const FORMATS: readonly Format[] = [];
