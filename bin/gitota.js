#!/usr/bin/env node
import { runMain } from '../lib/cli/main.js';

process.exitCode = await runMain(process.argv.slice(2));
