import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '../..');

test("require('cdk-golive') loads no AWS SDK module: verify loads its clients when it runs", () => {
  // the compiled package, as a user gets it (npm test builds it first)
  expect(fs.existsSync(path.join(ROOT, 'lib/index.js'))).toBe(true);
  const script = "require('./lib'); const sdk = Object.keys(require.cache).filter((k) => /[\\\\/]@(aws-sdk|smithy)[\\\\/]/.test(k)); console.log(JSON.stringify({ sdk: sdk.length, verify: typeof require('./lib').GoLiveVerify }));";
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
  expect(out).toEqual({ sdk: 0, verify: 'function' });
});

test('the SDK clients are exact-pinned optional dependencies, one per service verify calls', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SERVICES } = require('../../lib/verify/clients');
  const pkgs = Object.values(SERVICES).map((s: any) => s.pkg).sort();
  expect(Object.keys(pkg.optionalDependencies).sort()).toEqual(pkgs);
  for (const v of Object.values(pkg.optionalDependencies)) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
  expect(Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith('@aws-sdk/'))).toEqual([]);
});
