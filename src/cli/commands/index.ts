import type { Command } from '../command.js';

/**
 * Every CLI verb, one line each. A new command is one file in this folder and
 * one line here.
 */
export const COMMANDS: readonly Command[] = [];
