/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Fuzz: seeded mutations of templates, Kubernetes manifests, cloud assemblies
 * and attestations files, each checked by the CLI (in process). Whatever the
 * input, the CLI answers 0, 1 or 2; a 2 is one line, `cdk-golive: ...`,
 * never a raw JavaScript error or a stack trace; a 0 or 1 writes reports that
 * parse; and every case ends in bounded time. The seed is fixed (a failure is
 * reproducible: the case number and seed are in the test name); set
 * GOLIVE_FUZZ_CASES for a longer run.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { Catalog, EvidenceKind, GoLiveChecks } from '../../lib';
import { run } from './run';
import { rng } from '../rng';

const SEED = 20261204;
const CASES = Number(process.env.GOLIVE_FUZZ_CASES ?? 30); // per kind
const CASE_MS = 3000;
const FIXTURES = path.join(__dirname, '..', 'fixtures');

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)];

/** Values that have broken parsers and evaluators before. */
function hostile(r: Rand): unknown {
  const deep = (n: number) => JSON.parse('['.repeat(n) + ']'.repeat(n));
  return pick(r, [
    () => null, () => [], () => ({}), () => '', () => 0, () => -1, () => 1e308, () => true, () => 'TRUE', () => 'false',
    () => 'x'.repeat(10000), () => deep(300), () => '\u2028\u0000<script>|`*_[x](javascript:1)',
    () => ({ Ref: 'AWS::NoValue' }), () => ({ Ref: null }), () => ({ Ref: 'Missing' }), () => ({ Ref: ['a'] }),
    () => ({ 'Fn::Sub': '${'.repeat(500) }), () => ({ 'Fn::Sub': [null, null] }), () => ({ 'Fn::Sub': ['${A}', { A: { 'Fn::Sub': '${B}' } }] }),
    () => ({ 'Fn::GetAtt': null }), () => ({ 'Fn::GetAtt': 'a.b.c' }), () => ({ 'Fn::GetAtt': [] }),
    () => ({ 'Fn::If': 3 }), () => ({ 'Fn::If': ['C', { Ref: 'X' }] }), () => ({ 'Fn::Join': 'x' }), () => ({ 'Fn::Join': [null, 'x'] }),
    () => ({ 'Fn::Select': [99, []] }), () => ({ 'Fn::Select': null }), () => ({ 'Fn::FindInMap': null }), () => ({ 'Fn::FindInMap': ['a', 'b'] }),
    () => ({ 'Fn::ImportValue': { 'Fn::ImportValue': 'x' } }), () => ({ 'Fn::GetStackOutput': null }), () => ({ 'Fn::Base64': {} }),
    () => '{{resolve:ssm:x}}', () => '{{resolve:secretsmanager:${Missing}', () => 'arn:aws:iam::aws:policy/' + 'a/'.repeat(3000),
    () => ({ __proto__: { polluted: true } }), () => ({ constructor: 1, toString: 2, hasOwnProperty: 3 }),
    () => ({ matchExpressions: { key: 1 } }), () => [null, 1, 'a', {}], () => 'a*'.repeat(40) + 'b', () => ({ 'Fn::Sub': 'a*'.repeat(40) }),
  ])();
}

/** A random place in a JSON value (container and key), found by walking down from the root. */
function randomPlace(r: Rand, root: any): { parent: any; key: string | number } | undefined {
  let parent: any;
  let key: string | number | undefined;
  let node = root;
  for (let depth = 0; depth < 12; depth++) {
    if (node === null || typeof node !== 'object') break;
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    parent = node;
    key = pick(r, keys);
    node = node[key];
    if (r() < 0.25) break;
  }
  return parent === undefined ? undefined : { parent, key: key! };
}

/** One structural mutation of a parsed document: replace, delete, rename, or wrap a value. */
function mutateValue(r: Rand, doc: any): any {
  const copy = JSON.parse(JSON.stringify(doc));
  const place = randomPlace(r, copy);
  if (!place) return hostile(r);
  const { parent, key } = place;
  const op = r();
  if (op < 0.55) parent[key] = hostile(r);
  else if (op < 0.7) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (op < 0.8 && !Array.isArray(parent)) {
    parent[pick(r, ['Type', 'Properties', 'Resources', 'kind', 'apiVersion', 'metadata', '<<', '', 'Fn::Sub', 'Ref'])] = parent[key];
  } else if (op < 0.9) parent[key] = [parent[key], parent[key]];
  else parent[key] = { [pick(r, ['Fn::If', 'Fn::Join', 'Fn::Select', 'Fn::Base64', 'Ref'])]: parent[key] };
  return copy;
}

/** One textual mutation: truncate, insert or flip a character, a BOM, a duplicate key, a NUL. */
function mutateText(r: Rand, text: string): string {
  const at = Math.floor(r() * text.length);
  return pick(r, [
    () => text.slice(0, at),
    () => text.slice(0, at) + pick(r, ['{', '}', '[', ']', '"', ':', ',', '\\', '\u0000', '\n', '---\n', '!Ref ', '&a ', '*a', '<<: *a\n', '\t']) + text.slice(at),
    () => text.slice(0, at) + text.slice(at + 1),
    () => '\uFEFF' + text,
    () => text.replace(/"([A-Za-z]+)":/, '"$1": 1, "$1":'),
    () => text + text,
    () => text.slice(0, at) + '\uFFFF\uD800' + text.slice(at),
  ])();
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'golive-fuzz-'));
}

const template = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'aws', 'compliant', 'database.json'), 'utf8'));
/** Every compliant base (API Gateway, AppSync, CloudFront, ECS, Lambda, DynamoDB...): the mutated templates start from any. */
const templates: any[] = fs.readdirSync(path.join(FIXTURES, 'aws', 'compliant')).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'aws', 'compliant', f), 'utf8')));
/** Every compliant Kubernetes base (Ingress, Argo Rollouts, Gateway API...). */
const manifests: string[] = fs.readdirSync(path.join(FIXTURES, 'k8s', 'compliant')).filter((f) => f.endsWith('.yaml')).sort()
  .map((f) => fs.readFileSync(path.join(FIXTURES, 'k8s', 'compliant', f), 'utf8'));
const attestable = Catalog.itemsByEvidence(EvidenceKind.ATTESTATION).map((i) => i.id);
const attestations = { attestations: [{ item: attestable[0], by: 'jane', date: '2026-01-02', note: 'ok', evidenceUrl: 'https://ci.example.com/1' }, { item: attestable[1], by: 'joe', date: '2025-05-05' }] };
const assemblyManifest = {
  version: '48.0.0',
  artifacts: {
    Db: {
      type: 'aws:cloudformation:stack',
      environment: 'aws://111111111111/eu-west-1',
      properties: { templateFile: 'Db.template.json', stackName: 'Db' },
      displayName: 'Db',
      metadata: {
        '/Db/Key/Resource': [{ type: 'aws:cdk:logicalId', data: 'Key' }],
        '/Db/Key': [{ type: 'aws:cdk:acknowledged-rules', data: { 'GoLiveChecks::KmsKeyRotation': 'a reason' } }],
      },
    },
  },
};

/** A case: the files of a folder to check, and the extra CLI arguments. */
interface Case {
  readonly files: Record<string, string>;
  readonly args?: (dir: string) => string[];
}

/** One to three structural mutations. */
function mutateValues(r: Rand, doc: any): any {
  let d = doc;
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) d = mutateValue(r, d);
  return d;
}

/** Mutate a document structurally, then maybe as text (JSON or YAML). */
function mutateDoc(r: Rand, doc: any, yaml: boolean): string {
  const d = mutateValues(r, doc);
  const text = yaml ? YAML.stringify(d, { aliasDuplicateObjects: false }) : JSON.stringify(d, undefined, r() < 0.5 ? 1 : undefined);
  return r() < 0.4 ? mutateText(r, text) : text;
}

const KINDS: Record<string, (r: Rand) => Case> = {
  template: (r) => {
    const yaml = r() < 0.3;
    return { files: { [yaml ? 'stack.yaml' : 'stack.json']: mutateDoc(r, pick(r, templates), yaml) } };
  },
  manifest: (r) => {
    const manifest = pick(r, manifests);
    if (r() < 0.5) return { files: { 'web.yaml': mutateText(r, manifest) } };
    const docs = YAML.parseAllDocuments(manifest).map((d) => d.toJS());
    const i = Math.floor(r() * docs.length);
    docs[i] = mutateValues(r, docs[i]);
    return { files: { 'web.yaml': docs.map((d) => YAML.stringify(d, { aliasDuplicateObjects: false })).join('---\n') } };
  },
  assembly: (r) => {
    const which = r();
    return {
      files: {
        'manifest.json': which < 0.5 ? mutateDoc(r, assemblyManifest, false) : JSON.stringify(assemblyManifest),
        'Db.template.json': which >= 0.5 ? mutateDoc(r, template, false) : JSON.stringify(template),
      },
    };
  },
  attestations: (r) => ({
    files: { 'stack.json': JSON.stringify(template), 'att/golive.attestations.json': mutateDoc(r, attestations, false) },
    args: (dir) => ['--attestations', path.join(dir, 'att', 'golive.attestations.json')],
  }),
};

const RAW_JS = /Cannot read propert|Cannot convert|is not iterable|is not a function|Maximum call stack|Invalid string length|undefined is not|null is not|internal error|^\s+at .*:\d+:\d+/m;

describe.each(Object.keys(KINDS))('fuzz: %s', (kind) => {
  test(`${CASES} mutated inputs (seed ${SEED}): exit 0, 1 or 2, one clean line on 2, bounded time`, () => {
    const r = rng(SEED + kind.length * 7919 + kind.charCodeAt(0));
    const cases = Array.from({ length: CASES }, () => KINDS[kind](r));
    const problems: string[] = [];
    const codes = new Map<number, number>();
    cases.forEach((c, n) => {
      const dir = tmp();
      for (const [name, text] of Object.entries(c.files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      const out = tmp();
      const t0 = Date.now();
      let res: { code: number; out: string; err: string };
      try {
        res = run(['check', dir, '--out', out, ...(c.args?.(dir) ?? [])]);
      } catch (e) {
        problems.push(`case ${n}: threw ${(e as Error).message}`);
        return;
      }
      const ms = Date.now() - t0;
      codes.set(res.code, (codes.get(res.code) ?? 0) + 1);
      if (ms > CASE_MS) problems.push(`case ${n}: ${ms} ms`);
      if (![0, 1, 2].includes(res.code)) problems.push(`case ${n}: exit ${res.code}`);
      if (res.code === 2) {
        if (!/^cdk-golive: [^\n]+\n$/.test(res.err)) problems.push(`case ${n}: not one line: ${JSON.stringify(res.err.slice(0, 300))}`);
        if (RAW_JS.test(res.err)) problems.push(`case ${n}: raw error: ${res.err.trim().slice(0, 300)}`);
      } else {
        const report = JSON.parse(fs.readFileSync(path.join(out, 'golive-report.json'), 'utf8'));
        JSON.parse(fs.readFileSync(path.join(out, 'golive-report.sarif'), 'utf8'));
        const raw = report.findings.filter((f: any) => /^rule error: /.test(f.message) && RAW_JS.test(f.message.replace(/^rule error: /, '')));
        for (const f of raw.slice(0, 3)) problems.push(`case ${n}: ${f.ruleId} on ${f.resource}: ${f.message}`);
      }
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    });
    expect(problems).toEqual([]);
    // the mutations reach both sides: inputs refused and inputs checked
    expect(codes.get(2) ?? 0).toBeGreaterThan(0);
    expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0)).toBeGreaterThan(0);
  });
});

// The synth plugin reads the CDK's templates without the CLI's loader: the engine holds them to the same shapes.
describe('fuzz: the synth plugin (GoLiveChecks.validate)', () => {
  test(`${CASES} mutated templates (seed ${SEED}): never a throw, a refusal is one clean line, no rule error with a raw message, bounded time`, () => {
    const r = rng(SEED * 3 + 11);
    const problems: string[] = [];
    let refused = 0;
    for (let n = 0; n < CASES; n++) {
      const dir = tmp();
      const file = path.join(dir, 'S.template.json');
      fs.writeFileSync(file, mutateDoc(r, pick(r, templates), false));
      const plugin = new GoLiveChecks({ printSummary: false, writeReports: false });
      const t0 = Date.now();
      let result: ReturnType<GoLiveChecks['validate']>;
      try {
        result = plugin.validate({ templatePaths: [file] } as any);
      } catch (e) {
        problems.push(`case ${n}: threw ${(e as Error).message}`);
        continue;
      }
      if (Date.now() - t0 > CASE_MS) problems.push(`case ${n}: ${Date.now() - t0} ms`);
      const config = result.violations.filter((v) => v.ruleName === 'Configuration');
      if (config.length > 0) refused++;
      for (const v of config) if (/\n/.test(v.description) || RAW_JS.test(v.description)) problems.push(`case ${n}: ${v.description.slice(0, 300)}`);
      const raw = (plugin.lastReport?.findings ?? []).filter((f) => /^rule error: /.test(f.message) && RAW_JS.test(f.message.replace(/^rule error: /, '')));
      for (const f of raw.slice(0, 3)) problems.push(`case ${n}: ${f.ruleId} on ${f.resource}: ${f.message}`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(problems).toEqual([]);
    // the mutations reach both sides: templates refused and templates judged
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(CASES);
  });
});
