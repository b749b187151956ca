/**
 * bin/cdk-golive.js runs lib/cli/bundle.js (scripts/bundle-cli.js, made by `npm run build`), not the modules
 * the other CLI tests run in-process. The bundle must answer exactly as the sources do: same exit code, same
 * output, same reports, for each command and for bad input.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { folder, outDir } from './run';

/** The sources, in-process; `verify` answers asynchronously. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'cdk-golive.js');
const BUNDLE = path.join(ROOT, 'lib', 'cli', 'bundle.js');

/** This file's code cache folder (bin/cdk-golive.js keeps one between runs), so its runs share no state with others'. */
const CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-cache-'));

function bundled(args: string[], cwd?: string, env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NODE_OPTIONS: '', CDK_GOLIVE_CACHE_DIR: CACHE, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const database = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'aws', 'compliant', 'database.json'), 'utf8');
const badKey = JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } } } });
/** A compliant database stack and a key without rotation: exit 1. */
const violations = folder({ 'Db.template.json': database, 'Keys.template.json': badKey });
/** Kubernetes manifests, one with a probe removed: exit 1. */
const web = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'k8s', 'compliant', 'web.yaml'), 'utf8');
const k8s = folder({ 'api.yaml': fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'k8s', 'compliant', 'api.yaml'), 'utf8'), 'web.yaml': web.replace(/readinessProbe:/g, 'xReadinessProbe:') });

beforeAll(() => {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run 'npm run build' (npm test does)`);
  // The bundle is built from the compiled modules: one older than a module it holds is stale.
  const built = fs.statSync(BUNDLE).mtimeMs;
  expect(fs.statSync(path.join(ROOT, 'lib', 'cli', 'main.js')).mtimeMs).toBeLessThanOrEqual(built);
});

describe('bin/cdk-golive.js (the bundled CLI) answers as the sources do', () => {
  test('bin loads the bundle, which holds the library and leaves the peers and the AWS SDK outside', () => {
    expect(fs.readFileSync(BIN, 'utf8')).toMatch(/path\.join\(__dirname, '\.\.', 'lib', 'cli', 'bundle\.js'\)/);
    const text = fs.readFileSync(BUNDLE, 'utf8');
    expect(text).toMatch(/require\("aws-cdk-lib"\)|require\("aws-cdk-lib\//);
    expect(text).not.toMatch(/\/\/ node_modules\/aws-cdk-lib\//);
    expect(text).toMatch(/\/\/ lib\/checks\/engine\.(js|ts)\n/); // the module's name as esbuild writes it (from its source map)
    // ASCII, so bin reads it as Latin-1 (a copy of the bytes, not a UTF-8 decoding) and V8 holds one byte a character
    expect(text).not.toMatch(/[^\x00-\x7f]/);
  });

  test.each<[string, number, string[]]>([
    ['catalog --json', 0, ['catalog', '--json']],
    ['check on violating templates, markdown', 1, ['check', violations, '--format', 'markdown']],
    ['check on violating Kubernetes manifests', 1, ['check', k8s]],
    ['check on one item', 1, ['check', violations, '--items', 'KMS-KEY-ROTATION']],
    ['an unknown option', 2, ['check', violations, '--nope']],
    ['a folder that does not exist', 2, ['check', path.join(ROOT, 'no-such-folder')]],
    ['verify without a stack', 2, ['verify']],
    ['no command', 2, []],
  ])('%s: exit %s', async (_label, expected, args) => {
    const o1 = outDir();
    const o2 = outDir();
    const withOut = (o: string) => (args[0] === 'check' ? [...args, '--out', o] : args);
    const src = await run(withOut(o1));
    const bin = bundled(withOut(o2));
    expect(bin.code).toBe(expected);
    expect(bin.code).toBe(src.code);
    expect(bin.out.split(o2).join('OUT')).toBe(src.out.split(o1).join('OUT'));
    expect(bin.err.split(o2).join('OUT')).toBe(src.err.split(o1).join('OUT'));
    expect(bin.err).not.toMatch(/\n\s+at /); // no stack trace
    for (const f of fs.readdirSync(o1)) {
      if (f.endsWith('.md')) expect(fs.readFileSync(path.join(o2, f), 'utf8')).toBe(fs.readFileSync(path.join(o1, f), 'utf8'));
      else expect(JSON.parse(fs.readFileSync(path.join(o2, f), 'utf8'))).toEqual(JSON.parse(fs.readFileSync(path.join(o1, f), 'utf8')));
    }
  });

  test('baseline writes the same file', async () => {
    const tpl = JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } } } });
    const a = folder({ 'key.template.json': tpl });
    const b = folder({ 'key.template.json': tpl });
    const src = await run(['baseline', a, '--baseline', path.join(a, 'baseline.json')]);
    const bin = bundled(['baseline', b, '--baseline', path.join(b, 'baseline.json')]);
    expect([bin.code, src.code]).toEqual([0, 0]);
    expect(fs.readFileSync(path.join(b, 'baseline.json'), 'utf8')).toBe(fs.readFileSync(path.join(a, 'baseline.json'), 'utf8'));
  });
});

describe('the code cache of bin/cdk-golive.js', () => {
  const files = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);
  const reports = outDir();
  const check = (dir: string, env: Record<string, string> = {}) => bundled(['check', violations, '--out', reports], undefined, { CDK_GOLIVE_CACHE_DIR: dir, ...env });

  test('a completed run leaves a cache; the next run uses it (does not write it again) and answers the same', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'golive-cache-')), 'new');
    const first = check(dir);
    expect(first.code).toBe(1);
    const [cache] = files(dir);
    expect(files(dir)).toHaveLength(1);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const written = fs.statSync(path.join(dir, cache));
    expect(written.size).toBeGreaterThan(100_000); // the code of the functions the run compiled, not only the top level
    const second = check(dir);
    expect([second.code, second.out, second.err]).toEqual([first.code, first.out, first.err]);
    expect(fs.statSync(path.join(dir, cache)).mtimeMs).toBe(written.mtimeMs); // V8 accepted it
  });

  test('the cache of another bundle unused for a week is removed when a cache is written; a recent one is kept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-cache-'));
    const old = path.join(dir, 'bundle-0123456789abcdef.v8cache');
    const recent = path.join(dir, 'bundle-fedcba9876543210.v8cache');
    const mine = path.join(dir, 'notes.v8cache');
    for (const f of [old, recent, mine]) fs.writeFileSync(f, 'x');
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    fs.utimesSync(old, eightDaysAgo, eightDaysAgo);
    fs.utimesSync(mine, eightDaysAgo, eightDaysAgo);
    expect(check(dir).code).toBe(1);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(recent) && fs.existsSync(mine)).toBe(true);
    expect(files(dir)).toHaveLength(3);
  });

  test('a damaged cache is refused by V8, the run answers as without one, and the cache is written again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-cache-'));
    const first = check(dir);
    const [cache] = files(dir);
    fs.writeFileSync(path.join(dir, cache), Buffer.alloc(4096, 7));
    const again = check(dir);
    expect([again.code, again.out, again.err]).toEqual([first.code, first.out, first.err]);
    expect(fs.statSync(path.join(dir, cache)).size).toBeGreaterThan(100_000);
  });

  test('no cache from a run cut short by bad input, with caching off, or in a folder others can write', () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-cache-'));
    expect(bundled(['check', path.join(ROOT, 'no-such-folder')], undefined, { CDK_GOLIVE_CACHE_DIR: bad }).code).toBe(2);
    expect(files(bad)).toEqual([]);
    for (const env of [{ CDK_GOLIVE_NO_CODE_CACHE: '1' }, { NODE_DISABLE_COMPILE_CACHE: '1' }] as Record<string, string>[]) {
      const off = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-cache-'));
      expect(check(off, env).code).toBe(1);
      expect(files(off)).toEqual([]);
    }
    const open = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-cache-'));
    fs.chmodSync(open, 0o777);
    expect(check(open).code).toBe(1);
    expect(files(open)).toEqual([]);
  });
});
