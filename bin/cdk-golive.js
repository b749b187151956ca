#!/usr/bin/env node
// The `cdk-golive` command: the checklist catalog, the checks and the live verification, from the shell.
//
// lib/cli/bundle.js is lib/cli/main.js with the library it reaches, in one file (scripts/bundle-cli.js, run by the
// build). It is compiled with a V8 code cache kept between runs: the cache is taken at the end of a completed run,
// so it holds the code of every function that run compiled, not only the file's top level (what node's own compile
// cache keeps). A cold `check` then neither parses the 2 MB file nor compiles the rules it runs.
// The cache: $CDK_GOLIVE_CACHE_DIR, else <os tmpdir>/cdk-golive-<uid>, a folder of this user's only (0700, not a
// symlink; otherwise nothing is cached). Off with CDK_GOLIVE_NO_CODE_CACHE=1 or node's NODE_DISABLE_COMPILE_CACHE=1.
// V8 itself refuses a cache of another V8 version, other flags or another source; it is then written again.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const vm = require('vm');
const Module = require('module');

const BUNDLE = path.join(__dirname, '..', 'lib', 'cli', 'bundle.js');

/** The cache file for this bundle and this node, or undefined when caching is off or no safe folder exists. */
function cacheFile(source) {
  const env = process.env;
  if (env.CDK_GOLIVE_NO_CODE_CACHE === '1' || env.NODE_DISABLE_COMPILE_CACHE === '1') return undefined;
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const dir = env.CDK_GOLIVE_CACHE_DIR || path.join(os.tmpdir(), `cdk-golive-${uid ?? os.userInfo().username}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0))) return undefined;
    // One file per bundle and node: two installs (or two node versions) used in turns do not undo each other's cache.
    const key = `${process.version}-${process.arch}-${source.length}-${fs.statSync(BUNDLE).mtimeMs}-${BUNDLE}`;
    return path.join(dir, `bundle-${require('crypto').createHash('sha256').update(key).digest('hex').slice(0, 16)}.v8cache`);
  } catch {
    return undefined;
  }
}

function load() {
  // The build writes the bundle in ASCII (scripts/bundle-cli.js): read as Latin-1, the same characters, it is a copy of
  // the bytes, where UTF-8 decoding goes character by character (2 MB: ~0.2 against ~12 ms on node 20).
  const bytes = fs.readFileSync(BUNDLE);
  const source = require('buffer').isAscii?.(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const file = cacheFile(source);
  let cachedData;
  if (file !== undefined) {
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      // no cache yet
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData });
  const mod = new Module(BUNDLE, module);
  mod.filename = BUNDLE;
  mod.paths = Module._nodeModulePaths(path.dirname(BUNDLE));
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(BUNDLE), mod, BUNDLE, path.dirname(BUNDLE));
  mod.loaded = true;
  const save = file !== undefined && (cachedData === undefined || script.cachedDataRejected === true)
    ? () => {
      try {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, file);
        // Caches of other bundles (earlier versions, other node versions) unused for a week are removed.
        const dir = path.dirname(file);
        for (const f of fs.readdirSync(dir)) {
          const other = path.join(dir, f);
          if (other === file || !/^bundle-[0-9a-f]{16}\.v8cache$/.test(f)) continue;
          const st = fs.statSync(other);
          if (Date.now() - Math.max(st.atimeMs, st.mtimeMs) > 7 * 86_400_000) fs.rmSync(other, { force: true });
        }
      } catch {
        // a cache that cannot be written costs nothing but the time it would save
      }
    }
    : () => undefined;
  return { main: mod.exports.main, save };
}

// Node 22.1+ keeps the compiled code of other modules between runs (the AWS SDK that `verify` loads); older: no-op.
try {
  Module.enableCompileCache?.();
} catch {
  // as above
}
const { main, save } = load();
Promise.resolve(main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
  // Only a run that completed (0: all holds, 1: findings) leaves a cache: one cut short by bad input (2) compiled
  // too little of the bundle to be worth keeping.
  if (code === 0 || code === 1) save();
});
