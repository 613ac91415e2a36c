#!/usr/bin/env node
// The command line: runs the TypeScript sources directly through tsx (no build step).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  // Node 20 is past end of life (April 2026) and some dependencies require 22: say so plainly
  console.error(
    `warning: Grassroots supports Node 22 and 24 LTS; this is Node ${process.versions.node}, which is not supported.`,
  );
  console.error('On a machine with an older Node: export PATH="$(bash scripts/lts-node.sh 24):$PATH"');
}
const { register } = await import('tsx/esm/api');
register();
await import('../src/main-cli.ts');
