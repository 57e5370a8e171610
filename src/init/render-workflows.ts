/**
 * The four workflows of a content repository, as `gitota init` writes them
 * (and as gitota's own repository runs them on its example content). Each uses
 * the released action by reference and nothing else: no Node set-up, no
 * `npm ci`, no `npx`; the sharded publish gets its matrix and its pack builds
 * from the action's `matrix` and `build-packs` modes.
 */

/** `uses:` of the action: OWNER/NAME@REF. */
export interface ActionReference {
  repository: string;
  ref: string;
}

export function usesOf(action: ActionReference): string {
  return `${action.repository}@${action.ref}`;
}

/** Keys every signing step passes, from the `release` environment's secrets. */
const KEY_INPUTS = [
  ['targets-key', 'GITOTA_TARGETS_KEY'],
  ['snapshot-key', 'GITOTA_SNAPSHOT_KEY'],
  ['timestamp-key', 'GITOTA_TIMESTAMP_KEY'],
  ['delegation-key', 'GITOTA_DELEGATION_KEY'],
  ['manifest-key', 'GITOTA_MANIFEST_KEY'],
  ['fdroid-key', 'GITOTA_FDROID_KEY'],
  ['fdroid-certificate', 'GITOTA_FDROID_CERTIFICATE'],
  ['tomtom-key', 'GITOTA_TOMTOM_KEY'],
] as const;

function keyLines(indent: string): string {
  return KEY_INPUTS.map(([input, secret]) => `${indent}${input}: \${{ secrets.${secret} }}\n`).join(
    '',
  );
}

export function renderPullRequestWorkflow(action: ActionReference): string {
  return `# Checks every pull request (and merge-queue group): validation annotations, the
# plan in the job summary, and one sticky comment with the plan.
#
# Safe by construction: \`pull_request\` (never \`pull_request_target\`) runs with a
# token that is read-only for forks and no secrets at all. Nothing here signs or
# publishes. Written by \`gitota init\`.
name: pull request

on:
  pull_request:
  merge_group:

permissions:
  contents: read
  pull-requests: write

concurrency:
  group: pr-\${{ github.event.pull_request.number || github.ref }}
  cancel-in-progress: true

jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
        with:
          # The plan diffs against the base commit: full history.
          fetch-depth: 0
          persist-credentials: false
      - name: Validate and plan
        uses: ${usesOf(action)}
        with:
          mode: plan
`;
}

export function renderPublishWorkflow(action: ActionReference): string {
  return `# Publishes the site on every push to main (and on demand): plan against the
# commit the Pages branch was last published from, hold back releases on protected
# channels that lack approvals, build, sign, and push one commit to gh-pages.
#
# A manual run re-examines held releases (after a late approval). With
# \`shards\` > 0 the Legato packs build in a matrix of jobs first, and one job signs
# and publishes what they built. Written by \`gitota init\`.
name: publish

on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      shards:
        description: Build packs in this many parallel jobs (0 = build in the publish job)
        required: false
        default: '0'

# One publish at a time, never cancelled: a queued run publishes the newest commit,
# and gitota plans from what the branch holds, not from the push's \`before\`.
concurrency:
  group: pages
  cancel-in-progress: false

permissions:
  contents: write
  pull-requests: read

jobs:
  plan:
    if: \${{ github.event_name == 'workflow_dispatch' && inputs.shards != '0' }}
    runs-on: ubuntu-latest
    permissions:
      contents: read
    outputs:
      matrix: \${{ steps.matrix.outputs.matrix }}
    steps:
      - uses: actions/checkout@v4
        with:
          # History for the plan, and the read-only token to fetch gh-pages.
          fetch-depth: 0
      - name: Pack-build matrix
        id: matrix
        uses: ${usesOf(action)}
        with:
          mode: matrix
          shards: \${{ inputs.shards }}
          branch: gh-pages

  build-packs:
    needs: plan
    runs-on: ubuntu-latest
    permissions:
      contents: read
    strategy:
      matrix: \${{ fromJSON(needs.plan.outputs.matrix) }}
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - name: Build packs \${{ matrix.shard }}
        uses: ${usesOf(action)}
        with:
          mode: build-packs
          shard: \${{ matrix.shard }}
          packs-path: _packs
      - id: name
        env:
          SHARD: \${{ matrix.shard }}
        run: echo "name=packs-\${SHARD//\\//-of-}" >> "$GITHUB_OUTPUT"
      - uses: actions/upload-artifact@v4
        with:
          name: \${{ steps.name.outputs.name }}
          path: _packs
          if-no-files-found: ignore
          retention-days: 1

  publish:
    needs: [plan, build-packs]
    # Runs after the shards when sharded, and on its own otherwise (skipped needs are fine).
    if: \${{ !cancelled() && !failure() }}
    runs-on: ubuntu-latest
    timeout-minutes: 60
    # Required reviewers / branch rules on this environment guard the signing keys.
    environment: release
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/download-artifact@v4
        if: \${{ needs.plan.result == 'success' }}
        with:
          pattern: packs-*
          path: _packs
          merge-multiple: true
      - name: Build, sign and publish
        id: gitota
        uses: ${usesOf(action)}
        with:
          mode: publish
          branch: gh-pages
          packs-path: \${{ needs.plan.result == 'success' && '_packs' || '' }}
${keyLines('          ')}      - name: Report
        env:
          SITE_URL: \${{ steps.gitota.outputs.site-url }}
          HELD: \${{ steps.gitota.outputs.held-releases }}
        run: |
          echo "Published to \${SITE_URL:-nowhere}"
          if [ -n "$HELD" ]; then printf 'Held for approval:\\n%s\\n' "$HELD"; fi
`;
}

export function renderRefreshWorkflow(action: ActionReference): string {
  return `# Keeps the published site's signatures fresh: every day, re-sign the online TUF
# roles (timestamp, snapshot, targets and the delegated roles) that expire within
# half their lifetime, and warn weeks before the offline root expires. Uses the
# \`pages\` concurrency group so it never races a publish. Written by \`gitota init\`.
name: refresh signatures

on:
  schedule:
    - cron: '17 3 * * *'
  workflow_dispatch:

concurrency:
  group: pages
  cancel-in-progress: false

permissions:
  contents: write

jobs:
  refresh:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    environment: release
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - name: Re-sign online roles
        uses: ${usesOf(action)}
        with:
          mode: refresh
          branch: gh-pages
${keyLines('          ')}`;
}

export function renderUpdateCheckWorkflow(action: ActionReference): string {
  return `# Looks upstream for new versions every day, as \`fdroid checkupdates\` does for
# F-Droid, and opens one pull request per app or device with the new metadata,
# the upstream APK's facts or the new build's release file. Reviewers approve
# these like any other change (docs/updates.md). Written by \`gitota init\`.
#
# Pull requests opened with the job's GITHUB_TOKEN start no workflows, so pr.yml
# would never check them. With the repository variable GITOTA_APP_ID and the
# secret GITOTA_APP_PRIVATE_KEY of a GitHub App (contents and pull-requests:
# write) installed on this repository, the App's token pushes the branches and
# opens the pull requests, and pr.yml runs on them as on any contributor's.
name: update check

on:
  schedule:
    - cron: '41 4 * * *'
  workflow_dispatch:
    inputs:
      ids:
        description: App ids and device codenames to check (empty = all)
        required: false
        default: ''

concurrency:
  group: update-check
  cancel-in-progress: false

permissions:
  contents: write
  pull-requests: write

jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - name: GitHub App token (pull requests that start workflows)
        id: app-token
        if: vars.GITOTA_APP_ID != ''
        uses: actions/create-github-app-token@v1
        with:
          app-id: \${{ vars.GITOTA_APP_ID }}
          private-key: \${{ secrets.GITOTA_APP_PRIVATE_KEY }}
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
          # The branches are pushed with this token: the App's when there is one.
          token: \${{ steps.app-token.outputs.token || github.token }}
      - name: Keep what was checked when (ETags, upstream commits)
        uses: actions/cache@v4
        with:
          path: .gitota/updates
          key: gitota-updates-\${{ github.run_id }}
          restore-keys: gitota-updates-
      - name: apksigner (verifies upstream APK signatures)
        run: sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends apksigner
      - name: Check upstreams and open pull requests
        uses: ${usesOf(action)}
        with:
          mode: update-check
          update-ids: \${{ inputs.ids }}
          pull-request-token: \${{ steps.app-token.outputs.token || github.token }}
`;
}

/** The workflows by repository path. */
export function renderWorkflows(action: ActionReference): Array<{ path: string; text: string }> {
  return [
    { path: '.github/workflows/pr.yml', text: renderPullRequestWorkflow(action) },
    { path: '.github/workflows/publish.yml', text: renderPublishWorkflow(action) },
    { path: '.github/workflows/refresh.yml', text: renderRefreshWorkflow(action) },
    { path: '.github/workflows/update-check.yml', text: renderUpdateCheckWorkflow(action) },
  ];
}
