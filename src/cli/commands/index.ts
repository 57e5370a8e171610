import type { Command } from '../command.js';
import { keygenCommand } from './keygen.js';
import { rootCommand } from './root.js';
import { packCommand } from './pack.js';
import { buildCommand } from './build.js';
import { resolveTomTomCommand } from './resolve-tomtom.js';
import { serveCommand } from './serve.js';
import { startCommand } from './start.js';
import { validateCommand } from './validate.js';
import { fmtCommand } from './fmt.js';
import { importCommand } from './import.js';
import { addBuildCommand } from './add-build.js';
import { removeBuildCommand } from './remove-build.js';
import { planCommand } from './plan.js';
import { synthCommand } from './synth.js';
import { benchCommand } from './bench.js';
import { publishCommand } from './publish.js';
import { checkCommand } from './check.js';

/**
 * Every CLI verb, one line each. A new command is one file in this folder and
 * one line here.
 */
export const COMMANDS: readonly Command[] = [
  // contributors
  validateCommand,
  fmtCommand,
  importCommand,
  addBuildCommand,
  removeBuildCommand,
  planCommand,
  // the pipeline
  buildCommand,
  packCommand,
  publishCommand,
  serveCommand,
  startCommand,
  // devices
  checkCommand,
  resolveTomTomCommand,
  // trust
  keygenCommand,
  rootCommand,
  // scale
  synthCommand,
  benchCommand,
];
