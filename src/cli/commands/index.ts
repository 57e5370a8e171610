import type { CommandEntry } from '../command.js';

/**
 * Every CLI verb, one entry each. A command's module (and its dependencies:
 * archiver, octokit, tuf-js...) loads only when that command runs, so
 * `gitota validate` starts without them. A new command is one file in this
 * folder and one line here; index.test.ts checks name and summary against it.
 */
export const COMMANDS: readonly CommandEntry[] = [
  // starting out
  {
    name: 'init',
    summary: 'start a new content repository: config, examples, workflows, schemas',
    load: async () => (await import('./init.js')).initCommand,
  },
  // contributors
  {
    name: 'validate',
    summary: 'check the content repository: YAML safety, schemas and rules',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    name: 'fmt',
    summary: 'rewrite content files in canonical order and layout, keeping comments',
    load: async () => (await import('./fmt.js')).fmtCommand,
  },
  {
    name: 'import',
    summary:
      'import devices, builds, F-Droid metadata and repositories, TomTom lists or Legato packs',
    load: async () => (await import('./import.js')).importCommand,
  },
  {
    name: 'add-build',
    summary: 'add a release file for one build, its facts read from the zip (the old addrom)',
    load: async () => (await import('./add-build.js')).addBuildCommand,
  },
  {
    name: 'add-version',
    summary: "add an APK to an app's versions.yaml, its facts read from the APK (fdroid update)",
    load: async () => (await import('./add-version.js')).addVersionCommand,
  },
  {
    name: 'remove-build',
    summary: 'remove the release file of a build (the old delrom)',
    load: async () => (await import('./remove-build.js')).removeBuildCommand,
  },
  {
    name: 'check-updates',
    summary: 'find new upstream app versions and OTA builds; write them or open pull requests',
    load: async () => (await import('./check-updates.js')).checkUpdatesCommand,
  },
  {
    name: 'plan',
    summary: 'say what a range of commits changes: releases, approvals, site files, packs',
    load: async () => (await import('./plan.js')).planCommand,
  },
  // the pipeline
  {
    name: 'build',
    summary: 'validate the content and build the static site into a directory',
    load: async () => (await import('./build.js')).buildCommand,
  },
  {
    name: 'pack',
    summary: 'build, inspect or verify a Legato update pack',
    load: async () => (await import('./pack.js')).packCommand,
  },
  {
    name: 'publish',
    summary: 'build what changed and publish it as one commit on the Pages branch',
    load: async () => (await import('./publish.js')).publishCommand,
  },
  {
    name: 'serve',
    summary: 'serve a built site locally, the way GitHub Pages serves it',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'start',
    summary: 'validate, build and serve the content locally (what npm start runs)',
    load: async () => (await import('./start.js')).startCommand,
  },
  // devices
  {
    name: 'check',
    summary: "a device's view: verify the site (TUF) and decide which update it takes",
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    name: 'resolve-tomtom',
    summary: 'show what a TomTom Bridge does with an update-locations of this repository',
    load: async () => (await import('./resolve-tomtom.js')).resolveTomTomCommand,
  },
  // trust
  {
    name: 'keygen',
    summary: 'make every signing key and the root of trust for a content repository',
    load: async () => (await import('./keygen.js')).keygenCommand,
  },
  {
    name: 'root',
    summary: 'propose, sign and check a new root of trust (offline k-of-n keys)',
    load: async () => (await import('./root.js')).rootCommand,
  },
];
