/**
 * The package as a new user gets it: `npm pack`, a fresh `cdk init app` project that installs the
 * tarball (offline: the npm registry only; without the optional AWS SDK clients of `verify`), the README's ProductionService block as its app, the
 * real CDK CLI, the `cdk-golive` command, and the script of the reusable GitHub Actions workflow.
 *
 * Packs the compiled package: `npm test` builds it (jsii) before jest runs.
 */
import { execFileSync, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const DEV = PKG.devDependencies;
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const CDK = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

/** No credentials, no AWS configuration: everything must work offline. */
const ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries({
  ...process.env,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  CI: 'true',
  npm_config_update_notifier: 'false',
  FORCE_COLOR: '0',
  NODE_ENV: undefined, // jest sets 'test', which makes the CDK behave as in a unit test
  CDK_VALIDATION: undefined, // test/setup.ts turns the CDK's CloudFormation validation off for jest; a user has it on
  CDK_CONTEXT_JSON: undefined, // test/setup.ts turns the CDK's stack traces off for jest; a user has them
  CDK_DISABLE_STACK_TRACE: undefined,
}).filter(([k, v]) => v !== undefined && !/^AWS_(ACCESS|SECRET|SESSION|PROFILE|REGION|DEFAULT_REGION)/.test(k))) as NodeJS.ProcessEnv;

let work: string;
let app: string;
let tarball: string;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
}

function ok(r: SpawnSyncReturns<string>): SpawnSyncReturns<string> {
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r;
}

/** The code block of README.md that follows `<!-- readme-snippet: <name>`. */
export function readmeSnippet(name: string): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`<!-- readme-snippet: ${name}`);
  if (at < 0) throw new Error(`README.md has no snippet '${name}'`);
  const block = /```ts\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!block) throw new Error(`README.md snippet '${name}' has no ts block`);
  return block[1] + '\n';
}

/** The `run` script of the workflow step with this id. */
function workflowScript(stepId: string): string {
  const wf = YAML.parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'golive.yml'), 'utf8'));
  const step = wf.jobs.golive.steps.find((s: any) => s.id === stepId);
  if (!step?.run) throw new Error(`the workflow has no step '${stepId}' with a script`);
  return step.run;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-pack-'));
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  tarball = path.join(work, packed);

  // A fresh `cdk init app --language=typescript`, with the tarball instead of a registry version.
  app = path.join(work, 'orders-app');
  fs.mkdirSync(app);
  ok(run(process.execPath, [CDK, 'init', 'app', '--language=typescript', '--generate-only'], app));
  const pkg = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8'));
  pkg.dependencies = { 'aws-cdk-lib': DEV['aws-cdk-lib'], 'constructs': DEV.constructs, 'cdk-golive': `file:${tarball}` };
  pkg.devDependencies = { 'aws-cdk': DEV['aws-cdk'] }; // TypeScript: the repository's (see the app command below)
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify(pkg, undefined, 2));
  // Without the optional dependencies (the AWS SDK clients of `cdk-golive verify`, 130 MB): the install a CI job
  // that only synthesizes and checks can choose, and half the time of a full one (9 s against 20). What this file
  // tests needs none of them, `verify` without them is tested below (one line naming the package to install), and so
  // is the resolution of the full install (a dry run).
  ok(run('npm', ['install', '--omit=optional', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app));

  // The README's block is the app (bin/orders-app.ts); the template's own stack and tests go.
  for (const d of ['lib', 'test', 'jest.config.js']) fs.rmSync(path.join(app, d), { recursive: true, force: true });
  fs.writeFileSync(path.join(app, 'bin', 'orders-app.ts'), readmeSnippet('production-service'));
  fs.writeFileSync(path.join(app, 'tsconfig.build.json'), JSON.stringify({
    extends: './tsconfig.json',
    compilerOptions: { noEmit: false, rootDir: '.', outDir: 'build', types: [], typeRoots: [], declaration: false },
    include: ['bin/**/*.ts'],
  }));
  const cdkJson = JSON.parse(fs.readFileSync(path.join(app, 'cdk.json'), 'utf8'));
  cdkJson.app = `node ${JSON.stringify(TSC)} -p tsconfig.build.json && node build/bin/orders-app.js`;
  fs.writeFileSync(path.join(app, 'cdk.json'), JSON.stringify(cdkJson, undefined, 2));
}, 300_000);

afterAll(() => {
  if (work && !process.env.GOLIVE_KEEP_PACK_TEST) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  test('the tarball holds the compiled package, its types, .jsii, LICENSE and the rules reference; no sources, tests or fixtures', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    for (const f of ['lib/index.js', 'lib/index.d.ts', 'lib/checklist/catalog.js', 'lib/checks/aws/index.js', 'lib/k8s/production-workload.d.ts',
      '.jsii', 'LICENSE', 'README.md', 'API.md', 'docs/rules.md', 'bin/cdk-golive.js', 'lib/cli/bundle.js', 'node_modules/yaml/package.json', 'package.json']) {
      expect(files).toContain(f);
    }
    const own = files.filter((f) => !f.startsWith('node_modules/'));
    expect(own.filter((f) => /(^|\/)(test|tests|fixtures|examples|bench|scripts|\.tmp|cdk\.out)\//.test(f))).toEqual([]);
    expect(own.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
  });
});

describe('a fresh `cdk init` app with the tarball installed', () => {
  test('an AWS-only app needs neither cdk8s nor cdk8s-plus-28 (optional peers, loaded on first use)', () => {
    expect(fs.existsSync(path.join(app, 'node_modules', 'cdk8s'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'node_modules', 'cdk8s-plus-28'))).toBe(false);
    const r = ok(run(process.execPath, ['-e', `
      const g = require('cdk-golive');
      console.log(typeof g.GoLiveChecks, typeof g.ProductionService, typeof g.GoLiveK8sValidation);
      try { g.ProductionWorkload; } catch (e) { console.log(e.message); }`], app));
    expect(r.stdout).toMatch(/^function function function\n/);
    expect(r.stdout).toMatch(/ProductionWorkload needs the optional peer dependencies cdk8s and cdk8s-plus-28/);
  });

  test("the README's ProductionService block synthesizes with the CDK CLI, offline, printing the checklist summary and nothing else", () => {
    const r = run(process.execPath, [CDK, 'synth', '--quiet'], app);
    expect([r.status, r.stderr.slice(-3000)]).toEqual([0, expect.any(String)]);
    const printed = r.stderr.trim();
    expect(printed).toMatch(/^cdk-golive checklist\n/);
    expect(printed).toMatch(/\nTOTAL +\d+ +0 +0 +0 +\d+ +\d+ +\d+$/m); // nothing violated, unknown or acknowledged
    // after the table, only the summary's own coverage notes (what no rule reads)
    for (const line of printed.slice(printed.search(/\nTOTAL /) + 1).split('\n').slice(1)) expect(line).toMatch(/^(transform not expanded|not judged): /);
    expect(printed).not.toMatch(/WARNING|INFO|ERROR|feature flags|violation/);
    const report = JSON.parse(fs.readFileSync(path.join(app, 'cdk.out', 'golive-report.json'), 'utf8'));
    expect(report.findings.filter((f: any) => f.status !== 'pass')).toEqual([]);
  });

  test('`cdk-golive check cdk.out` passes; `golive` is the same command', () => {
    const check = run('npx', ['cdk-golive', 'check', 'cdk.out', '--out', 'reports'], app);
    expect([check.status, check.stderr]).toEqual([0, expect.stringContaining('reports: reports/golive-report.json')]);
    expect(check.stdout).toMatch(/^cdk-golive checklist/);
    const alias = run('npx', ['golive', '--help'], app);
    expect([alias.status, alias.stdout]).toEqual([0, expect.stringContaining('cdk-golive check <dir>')]);
  });

  test('the default install, optional dependencies included, resolves too (npm install --dry-run: a conflict in their tree would fail it)', () => {
    const r = run('npm', ['install', '--dry-run', '--include=optional', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);
    expect([r.status, r.stderr]).toEqual([0, '']);
    for (const client of Object.keys(PKG.optionalDependencies)) expect(r.stdout).toContain(`add ${client} ${PKG.optionalDependencies[client]}\n`);
    expect(fs.existsSync(path.join(app, 'node_modules', '@aws-sdk'))).toBe(false); // a dry run installs nothing
  });

  test('`cdk-golive verify` without the optional AWS SDK clients: exit 2, one line naming the package to install', () => {
    expect(fs.existsSync(path.join(app, 'node_modules', '@aws-sdk', 'client-cloudformation'))).toBe(false);
    const r = run('npx', ['cdk-golive', 'verify', '--stack', 'OrdersApi', '--region', 'eu-west-1'], app);
    const version = PKG.optionalDependencies['@aws-sdk/client-cloudformation'];
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `cdk-golive: verify needs @aws-sdk/client-cloudformation, an optional dependency of cdk-golive that is not installed: npm install @aws-sdk/client-cloudformation@${version}\n`]);
  });
});

describe('the reusable workflow (.github/workflows/golive.yml), its script run locally', () => {
  const flags = () => JSON.parse(fs.readFileSync(path.join(app, 'cdk.json'), 'utf8')).context;

  /** A small app in a folder of the installed app (so it resolves aws-cdk-lib and cdk-golive there). */
  function miniApp(name: string, files: Record<string, string>, command: string): string {
    const dir = path.join(app, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: command, context: flags() }, undefined, 2));
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
    return dir;
  }

  const script = () => workflowScript('golive');

  test('a violating app: the synth passes (report-only), the check fails (exit 1) and leaves a SARIF with line numbers', () => {
    const dir = miniApp('violating', {
      'app.js': `const { App, Stack, Validations, aws_kms: kms } = require('aws-cdk-lib');
const { GoLiveChecks } = require('cdk-golive');
const app = new App();
const stack = new Stack(app, 'Keys');
new kms.Key(stack, 'Key', { enableKeyRotation: false });
Validations.of(app).addPlugins(new GoLiveChecks());
`,
    }, 'node app.js');
    // The workflow's check-args reach the check (here: print the report as Markdown).
    // The CDK's CloudFormation validation off (the README synth above runs with it, as a user has it): the script's
    // exit codes and reports are what this judges.
    const r = run('bash', ['-c', script()], dir, { ...ENV, GOLIVE_CHECK_ARGS: '--format md', CDK_VALIDATION: 'false' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/WARNING key rotation: EnableKeyRotation is false \[checklist: KMS-KEY-ROTATION\] \(GoLiveChecks\)/); // report-only: a warning
    expect(r.stdout).toMatch(/^# Production go-live checklist\n/);
    expect(r.stdout).toMatch(/\n\| fail \| KmsKeyRotation \| KMS-KEY-ROTATION \| Keys\/Key[0-9A-F]{8} \|/);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'golive-report.sarif'), 'utf8'));
    const result = sarif.runs[0].results.find((x: any) => x.ruleId === 'KmsKeyRotation');
    expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
  });

  test('a TypeScript error fails the script at the synth, and no stale cloud assembly is checked', () => {
    const dir = miniApp('broken', {
      'app.ts': "export const retention: number = 'thirty';\n",
      // ES2022's library only (a tsconfig without `lib` loads the DOM's: 3 s of the 4 this test took)
      'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['es2022'], rootDir: '.', outDir: 'build', types: [], typeRoots: [] }, files: ['app.ts'] }),
    }, `node ${JSON.stringify(TSC)} -p . --pretty false && node build/app.js`);
    // A cloud assembly from an earlier run, which the old recipe (`cdk synth || true`) went on to check.
    fs.mkdirSync(path.join(dir, 'cdk.out'));
    fs.writeFileSync(path.join(dir, 'cdk.out', 'manifest.json'), '{"version":"55.0.0","artifacts":{}}');
    const r = run('bash', ['-c', script()], dir, { ...ENV, GOLIVE_CHECK_ARGS: '' });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/error TS2322/);
    expect(r.stdout).not.toMatch(/cdk-golive checklist/);
    expect(fs.existsSync(path.join(dir, 'cdk.out', 'manifest.json'))).toBe(false);
  });
});
