#!/usr/bin/env node
// Fails when API.md is not what jsii-docgen generates from the current code.
// Run after `jsii` has written the .jsii assembly. `npm run docgen` refreshes it.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-api-'));
const out = path.join(tmp, 'API.md');
execFileSync(process.execPath, [require.resolve('jsii-docgen/bin/jsii-docgen'), '-o', out], { cwd: root, stdio: 'inherit' });
const fresh = fs.readFileSync(out, 'utf8');
const committed = fs.existsSync(path.join(root, 'API.md')) ? fs.readFileSync(path.join(root, 'API.md'), 'utf8') : '';
fs.rmSync(tmp, { recursive: true, force: true });
if (fresh !== committed) {
  console.error('API.md is stale: run `npm run build && npm run docgen` and commit API.md.');
  process.exit(1);
}
console.log('API.md is fresh.');
