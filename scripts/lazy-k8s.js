#!/usr/bin/env node
// Run after `jsii` (npm run build): makes the Kubernetes exports of lib/index.js lazy, so that an
// AWS-only app, which has neither cdk8s nor cdk8s-plus-28 (optional peers), can require
// 'cdk-golive'. The types (lib/index.d.ts, .jsii) are unchanged: `export * from './k8s'`.
//
// jsii emits `__exportStar(require("./k8s"), exports);`; it becomes one getter per exported value,
// each requiring only the file that defines it (GoLiveK8sValidation, used by cdk8s-cli, needs no cdk8s).
'use strict';
const fs = require('fs');
const path = require('path');

const lib = path.resolve(__dirname, '..', 'lib');
const indexJs = path.join(lib, 'index.js');
const EAGER = '__exportStar(require("./k8s"), exports);';
const MARKER = '// cdk-golive: lazy Kubernetes exports';

const text = fs.readFileSync(indexJs, 'utf8');
if (text.includes(MARKER)) process.exit(0);
if (!text.includes(EAGER)) {
  console.error(`lazy-k8s: ${indexJs} has no '${EAGER}' (did lib/index.ts change?)`);
  process.exit(1);
}

// The files lib/k8s/index.ts re-exports, and the runtime values each defines.
const files = [...fs.readFileSync(path.join(lib, 'k8s', 'index.ts'), 'utf8').matchAll(/^export \* from '\.\/([\w-]+)';$/gm)].map((m) => m[1]);
const owner = {};
for (const file of files) {
  for (const name of Object.keys(require(path.join(lib, 'k8s', `${file}.js`)))) {
    if (name === '__esModule') continue;
    if (owner[name]) throw new Error(`lazy-k8s: ${name} is exported by both ${owner[name]} and ${file}`);
    owner[name] = file;
  }
}
if (Object.keys(owner).length === 0) throw new Error('lazy-k8s: lib/k8s exports nothing');

const lines = [MARKER, `var __k8s = (file, name) => {
    try {
        return require("./k8s/" + file)[name];
    } catch (e) {
        if (e && e.code === "MODULE_NOT_FOUND" && /'cdk8s(-plus-28)?'/.test(e.message)) {
            throw new Error("cdk-golive: " + name + " needs the optional peer dependencies cdk8s and cdk8s-plus-28: npm install cdk8s cdk8s-plus-28 (" + e.message.split("\\n")[0] + ")");
        }
        throw e;
    }
};`];
for (const [name, file] of Object.entries(owner).sort(([a], [b]) => a.localeCompare(b))) {
  lines.push(`Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, configurable: true, get: () => __k8s(${JSON.stringify(file)}, ${JSON.stringify(name)}) });`);
}
fs.writeFileSync(indexJs, text.replace(EAGER, lines.join('\n')));
console.log(`lazy-k8s: ${Object.keys(owner).length} Kubernetes exports of lib/index.js load on first use`);
