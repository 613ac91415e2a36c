#!/usr/bin/env node
// CI guard: fails (exit 1, naming each file) when git tracks a key or secret file. A key once pushed
// is public for ever (clones, forks, caches), so it must never get in: this runs before anything else.
//   node scripts/check-secrets.mjs [repository folder, default: the current one]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(process.argv[2] ?? '.');

/** Names that are secrets whatever they hold. */
const SECRET_NAMES = [
  [/(^|\/)keys\.json$/, 'a master key file (keys.json)'],
  [/\.(pem|key|p12|pfx|jks|keystore|ppk)$/i, 'a key or certificate store'],
  [/(^|\/)\.env(\.(?!example$|sample$|template$)[^/]+)?$/, 'an environment file (.env)'],
  [/(^|\/)id_(rsa|dsa|ecdsa|ed25519)$/, 'an SSH private key'],
  [/(^|\/)\.(pgpass|netrc)$/, 'a password file'],
];

/** Contents that are secrets wherever they sit (text files only). */
const SECRET_CONTENTS = [
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/, 'a private key (PEM)'],
  [/"masterKey"\s*:\s*"[0-9a-fA-F]{64}"/, 'a master key ("masterKey": 64 hex)'],
  [/"keys"\s*:\s*\[\s*"[0-9a-fA-F]{64}"/, 'a master key ring ("keys": [64 hex])'],
  [/GRASSROOTS_(?:PREVIOUS_)?MASTER_KEYS?\s*=\s*['"]?[0-9a-fA-F]{64}/, 'a master key in an environment assignment'],
  [/(^|\n)\s*\/\/[^\n]*:_authToken=[A-Za-z0-9-_]{20,}/, 'an npm token'],
];

const MAX_SCAN = 2 * 1024 * 1024;

let files;
try {
  files = execFileSync('git', ['-C', repo, 'ls-files', '-z'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    .split('\0')
    .filter(Boolean);
} catch (err) {
  console.error(`check-secrets: ${repo} is not a git work tree (${err.message})`);
  process.exit(2);
}

const findings = [];
for (const file of files) {
  const byName = SECRET_NAMES.find(([re]) => re.test(file));
  if (byName) {
    findings.push(`${file}: ${byName[1]}`);
    continue;
  }
  let bytes;
  try {
    bytes = readFileSync(path.join(repo, file));
  } catch {
    continue; // tracked but deleted in the work tree: git rm will show in the diff
  }
  if (bytes.length > MAX_SCAN || bytes.subarray(0, 8000).includes(0)) continue;
  const text = bytes.toString('utf8');
  const byContent = SECRET_CONTENTS.find(([re]) => re.test(text));
  if (byContent) findings.push(`${file}: ${byContent[1]}`);
}

if (findings.length) {
  console.error(`check-secrets: git tracks ${findings.length} key or secret file(s):`);
  for (const f of findings) console.error(`  ${f}`);
  console.error(
    'Remove them with `git rm --cached <file>`, treat the secret as published (rotate it), and keep them out with .gitignore.',
  );
  process.exit(1);
}
console.log(`check-secrets: ${files.length} tracked files, no key or secret file`);
