import type { Rule } from './rule.js';

/** Every semantic rule, one line each. A new rule is one file in this folder and one line here. */
export const RULES: readonly Rule[] = [];
