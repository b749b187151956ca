/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * AWS::LanguageExtensions: Fn::ForEach expanded before indexing. The expected
 * expansions under cfn-lint/ were produced by cfn-lint 1.51's transform
 * (cfn-lint-expand.py); where the expansion departs from cfn-lint on purpose
 * the test says so.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Thresholds } from '../../lib/checklist/thresholds';
import { AWS_RULES } from '../../lib/checks/aws';
import { runAwsRules } from '../../lib/checks/engine';
import {
  LanguageExtensionsError, MAX_EXPANDED_VALUES, UNDECIDED_METADATA, expandLanguageExtensions, undecidedReason, usesLanguageExtensions,
} from '../../lib/checks/language-extensions';

const DIR = path.join(__dirname, '..', 'fixtures', 'aws', 'shapes', 'language-extensions');

/**
 * Parse one fixture as written (short-form tags), independently of the loader, which expands
 * Fn::ForEach itself once the engine wires the expansion in.
 */
const SHORT_FORMS = ['Ref', 'Condition', 'Base64', 'FindInMap', 'GetAtt', 'GetAZs', 'Join', 'Select', 'Split', 'Sub', 'Equals', 'If', 'Not', 'And', 'Or', 'Length', 'ToJsonString'];
const TAGS = SHORT_FORMS.flatMap((name) => [undefined, 'seq', 'map'].map((collection) => ({
  tag: `!${name}`,
  ...(collection ? { collection } : {}),
  resolve: (value: any) => {
    const v = value && typeof value.toJSON === 'function' ? value.toJSON() : value;
    return { [name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`]: name === 'GetAtt' && typeof v === 'string' ? v.split(/\.(.*)/s).slice(0, 2) : v };
  },
})));
function parse(file: string): any {
  return YAML.parse(fs.readFileSync(path.join(DIR, file), 'utf8'), { customTags: TAGS as any });
}

function expand(file: string, options?: Parameters<typeof expandLanguageExtensions>[2]): any {
  return expandLanguageExtensions(parse(file), file, options);
}

function cfnLint(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(DIR, 'cfn-lint', `${name}.cfn-lint.json`), 'utf8'));
}

/** cfn-lint writes Fn::Equals operands in its own order; compare them as sets. */
function normaliseEquals(x: any): any {
  if (Array.isArray(x)) return x.map(normaliseEquals);
  if (x === null || typeof x !== 'object') return x;
  const out: any = {};
  for (const k of Object.keys(x)) {
    const v = normaliseEquals(x[k]);
    out[k] = k === 'Fn::Equals' && Array.isArray(v) ? [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : v;
  }
  return out;
}

function verdicts(template: any, ruleId: string): Record<string, string> {
  const rules = AWS_RULES.filter((r) => r.id === ruleId);
  const out: Record<string, string> = {};
  for (const f of runAwsRules([{ file: 't.yaml', stack: 'T', template }], { rules, thresholds: Thresholds.DEFAULTS })) out[f.resource] = f.status;
  return out;
}

describe('expansion agrees with cfn-lint 1.51 and the AWS documentation', () => {
  test('resources, property-level and nested loops, Ref/GetAtt of Fn::Sub, &{} keys, outputs (order-services)', () => {
    const mine = expand('order-services.yaml');
    const lint = cfnLint('order-services');
    expect(mine.Resources).toEqual(lint.Resources);
    expect(mine.Outputs).toEqual(lint.Outputs);
    expect(Object.keys(mine.Resources).sort()).toEqual(['ErrorsDashboard', 'FunctionRole', 'LogKey', 'apiFunction', 'apiLive', 'apiLogs',
      'billingeventsFunction', 'billingeventsLive', 'billingeventsLogs', 'workerFunction', 'workerLive', 'workerLogs']);
    expect(mine.Resources.billingeventsFunction.Properties.LoggingConfig.LogGroup).toEqual({ Ref: 'billingeventsLogs' });
    expect(mine.Resources.apiFunction.Properties.Environment.Variables.PEER_worker_FUNCTION).toEqual({ 'Fn::Sub': 'orders-${Stage}-worker' });
    // The transform is consumed; nothing is left for the loader to refuse.
    expect(mine.Transform).toBeUndefined();
    expect(JSON.stringify([mine.Resources, mine.Outputs])).not.toContain('Fn::ForEach');
  });

  test('loops in Conditions, nested loops, a Condition from Fn::FindInMap with DefaultValue (network-foreach)', () => {
    const mine = expand('network-foreach.yaml');
    const lint = cfnLint('network-foreach');
    expect(normaliseEquals(mine.Conditions)).toEqual(normaliseEquals(lint.Conditions));
    expect(mine.Outputs).toEqual(lint.Outputs);
    // cfn-lint leaves `Condition: !FindInMap [..., DefaultValue: !Ref AWS::NoValue]` unresolved when the key is
    // missing (and then reports E3001 on it); the RFC (use case 2) removes the attribute. We follow the RFC.
    for (const id of ['PublicSubnetA', 'PrivateSubnetA', 'PublicSubnetAAclAssociation', 'PrivateSubnetAAclAssociation']) {
      expect(lint.Resources[id].Condition).toEqual({ 'Fn::FindInMap': ['NatGateway', 'Condition', 'A', { DefaultValue: { Ref: 'AWS::NoValue' } }] });
      expect(mine.Resources[id].Condition).toBeUndefined();
      const { Condition: _ignored, ...rest } = lint.Resources[id];
      expect(mine.Resources[id]).toEqual(rest);
    }
    for (const id of Object.keys(lint.Resources).filter((k) => !/SubnetA/.test(k))) expect([id, mine.Resources[id]]).toEqual([id, lint.Resources[id]]);
    expect(Object.keys(mine.Resources).sort()).toEqual(Object.keys(lint.Resources).sort());
    expect(mine.Resources.PublicSubnetC.Condition).toBe('ThreeZones');
    expect(mine.Resources.PrivateSubnetB.Properties.CidrBlock).toBe('10.0.11.0/24');
    expect(mine.Transform).toBeUndefined();
  });

  test('a parameter collection with a Default expands like cfn-lint (the likely value) and is marked undecided', () => {
    const mine = expand('buckets-parameter.yaml');
    const lint = cfnLint('buckets-parameter');
    for (const id of ['acmeLogs', 'globexLogs', 'AuditLogs']) {
      const { Metadata: md, ...rest } = mine.Resources[id];
      expect([id, rest]).toEqual([id, lint.Resources[id]]);
      if (id === 'AuditLogs') expect(md).toBeUndefined();
      else expect(md[UNDECIDED_METADATA]).toMatch(/^Fn::ForEach::TenantLogs iterates over parameter Tenants \(Default "acme,globex" is only the likely value\)/);
    }
    // The Router's environment is shaped by the same undecided parameter: the whole function is undecided.
    expect(mine.Resources.Router.Properties).toEqual(lint.Resources.Router.Properties);
    expect(undecidedReason(mine.Resources.Router)).toContain('Fn::ForEach::TenantGroups iterates over parameter Tenants');
    expect(undecidedReason(mine.Resources.AuditLogs)).toBeUndefined();
  });
});

describe('collections the template cannot decide: expanded, marked, never absent', () => {
  test('AllowedValues of a list parameter: the union of every allowed list (cfn-lint takes the Default only)', () => {
    const mine = expand('buckets-parameter.yaml');
    expect(Object.keys(mine.Resources).filter((k) => k.endsWith('TierLogs')).sort()).toEqual(['goldTierLogs', 'silverTierLogs']);
    expect(Object.keys(cfnLint('buckets-parameter').Resources).filter((k) => k.endsWith('TierLogs'))).toEqual(['goldTierLogs']);
    expect(undecidedReason(mine.Resources.silverTierLogs)).toBe('Fn::ForEach::TierLogs iterates over parameter Tiers (one of "gold", "gold,silver": the union is expanded)');
  });

  test('a value passed for the parameter (or a nested stack\'s Default) decides the collection: nothing is marked', () => {
    const passed = expand('buckets-parameter.yaml', { parameterValues: { Tenants: 'initech', Tiers: ['gold', 'silver'] } });
    expect(Object.keys(passed.Resources).sort()).toEqual(['AuditLogs', 'Router', 'goldTierLogs', 'initechLogs', 'silverTierLogs']);
    for (const id of Object.keys(passed.Resources)) expect([id, undecidedReason(passed.Resources[id])]).toEqual([id, undefined]);
    const nested = expand('buckets-parameter.yaml', { nested: true });
    expect(Object.keys(nested.Resources).sort()).toEqual(['AuditLogs', 'Router', 'acmeLogs', 'globexLogs', 'goldTierLogs']);
    expect(undecidedReason(nested.Resources.acmeLogs)).toBeUndefined();
  });

  test('an open parameter, Fn::If and Fn::GetAZs: one placeholder or the union, marked with what decides it', () => {
    const t = {
      Transform: ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'],
      Parameters: { Names: { Type: 'CommaDelimitedList' }, Env: { Type: 'String' } },
      Conditions: { Big: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: {
        'Fn::ForEach::Open': ['N', { Ref: 'Names' }, { 'Q${N}': { Type: 'AWS::SQS::Queue' } }],
        'Fn::ForEach::Either': ['M', { 'Fn::If': ['Big', ['a', 'b'], ['b', 'c']] }, { 'R${M}': { Type: 'AWS::SQS::Queue' } }],
        'Fn::ForEach::Zones': ['Z', { 'Fn::GetAZs': '' }, { 'S${Z}': { Type: 'AWS::SQS::Queue' } }],
        Plain: { Type: 'AWS::SQS::Queue' },
      },
    };
    const out = expandLanguageExtensions(t, 't.json');
    expect(Object.keys(out.Resources).sort()).toEqual(['Plain', 'QUnknownNames', 'Ra', 'Rb', 'Rc', 'SUnknownZones']);
    expect(undecidedReason(out.Resources.QUnknownNames)).toBe('Fn::ForEach::Open iterates over parameter Names (set at deploy time; expanded with one placeholder item)');
    expect(undecidedReason(out.Resources.Rb)).toBe('Fn::ForEach::Either iterates over condition Big');
    expect(undecidedReason(out.Resources.SUnknownZones)).toContain('Fn::GetAZs');
    expect(undecidedReason(out.Resources.Plain)).toBeUndefined();
    // Other transforms stay, for the engine to count their resources as not judged.
    expect(out.Transform).toEqual(['AWS::Serverless-2016-10-31']);
  });
});

describe('the rules judge the expanded template', () => {
  test('LogRetention: billing-events falls back to the DefaultValue of 7 days and fails; the others pass', () => {
    expect(verdicts(expand('order-services.yaml'), 'LogRetention')).toEqual({
      apiLogs: 'pass', workerLogs: 'pass', billingeventsLogs: 'fail', apiFunction: 'pass', workerFunction: 'pass', billingeventsFunction: 'pass',
    });
  });

  test('LogEncrypted and LogStructured pass on every generated function and group', () => {
    const t = expand('order-services.yaml');
    expect(Object.values(verdicts(t, 'LogEncrypted'))).toEqual(Array(6).fill('pass'));
    expect(verdicts(t, 'LogStructured')).toEqual({ apiFunction: 'pass', workerFunction: 'pass', billingeventsFunction: 'pass' });
  });

  test('the engine expands the template itself (the old code refused it: "Fn::ForEach::Services has no Type")', () => {
    const findings = runAwsRules([{ file: 'order-services.yaml', stack: 'T', template: parse('order-services.yaml') }], { rules: AWS_RULES, thresholds: Thresholds.DEFAULTS });
    expect(findings.filter((f) => f.ruleId === 'LogRetention' && f.resource === 'billingeventsLogs').map((f) => f.status)).toEqual(['fail']);
  });

  test.each([
    ['a name', 'AWS::LanguageExtensions'],
    // The Transform section's object form (as AWS::Include is written there), read like every other transform in it; it was refused with "needs Transform: AWS::LanguageExtensions".
    ['{ Name } in a list', [{ Name: 'AWS::LanguageExtensions' }]],
  ])('the transform written as %s expands the loops, and the rules judge what they make', (_name, transform) => {
    const template = {
      Transform: transform,
      Mappings: { Rotation: { Orders: { On: true }, Billing: { On: false } } },
      Resources: {
        'Fn::ForEach::Keys': ['Team', ['Orders', 'Billing'], { '${Team}Key': { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: { 'Fn::FindInMap': ['Rotation', { Ref: 'Team' }, 'On'] }, KeyPolicy: {} } } }],
      },
    };
    const findings = runAwsRules([{ file: 't.json', stack: 'T', template }], { rules: AWS_RULES, thresholds: Thresholds.DEFAULTS });
    expect(findings.filter((f) => f.ruleId === 'KmsKeyRotation').map((f) => `${f.resource} ${f.status}`)).toEqual(['OrdersKey pass', 'BillingKey fail']);
  });

  test('a resource an undecided collection produced neither passes nor fails: unknown, naming the loop', () => {
    const findings = runAwsRules([{ file: 'buckets-parameter.yaml', stack: 'T', template: parse('buckets-parameter.yaml') }], { rules: AWS_RULES, thresholds: Thresholds.DEFAULTS });
    const tier = findings.filter((f) => f.ruleId === 'LogRetention' && f.resource === 'goldTierLogs');
    expect(tier.map((f) => f.status)).toEqual(['unknown']);
    expect(tier[0].message).toMatch(/Fn::ForEach::TierLogs iterates over parameter Tiers/);
  });

  test('the CLI checks a folder of LanguageExtensions templates (exit 1: violations, no bad input)', () => {
    const { main } = require('../../lib/cli/main');
    const out: string[] = [];
    const err: string[] = [];
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'golive-le-'));
    for (const f of ['order-services.yaml', 'network-foreach.yaml', 'buckets-parameter.yaml']) fs.copyFileSync(path.join(DIR, f), path.join(dir, f));
    const code = main(['check', dir, '--format', 'json', '--out', dir], (x: string) => out.push(x), (x: string) => err.push(x));
    fs.rmSync(dir, { recursive: true, force: true });
    expect([code, err.join('')]).toEqual([1, '']);
    const report = JSON.parse(out.join(''));
    expect(report.findings.some((f: any) => f.resource === 'billingeventsLogs' && f.ruleId === 'LogRetention' && f.status === 'fail')).toBe(true);
  });
});

describe('bad input: one line naming the file and the loop', () => {
  test.each([
    ['duplicate-key.yaml', /^bad\/duplicate-key\.yaml: Resources QueueOrders is declared twice after Fn::ForEach expansion$/],
    ['collection-getatt.yaml', /^bad\/collection-getatt\.yaml: Fn::ForEach::Topics: a collection computed by Fn::GetAtt cannot be resolved before resources are created$/],
    ['reused-identifier.yaml', /^bad\/reused-identifier\.yaml: Fn::ForEach::Inner: identifier Name is already used by an enclosing loop$/],
    ['no-transform.yaml', /^bad\/no-transform\.yaml: Resources Fn::ForEach::Topics needs Transform: AWS::LanguageExtensions$/],
    ['too-large.yaml', new RegExp(`^bad/too-large\\.yaml: Fn::ForEach::Queues \\(in Fn::ForEach::Regions > Fn::ForEach::Teams\\) expands beyond ${MAX_EXPANDED_VALUES} values \\(at Resources\\.QueueI\\d+I\\d+I\\d+\\)$`)],
  ])('%s', (file, message) => {
    const template = parse(`bad/${file}`);
    let error: unknown;
    try {
      expandLanguageExtensions(template, `bad/${file}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LanguageExtensionsError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  test('malformed loops', () => {
    const bad = (resources: any, parameters: any = {}) => () => expandLanguageExtensions({ Transform: 'AWS::LanguageExtensions', Parameters: parameters, Resources: resources }, 'x.json');
    expect(bad({ 'Fn::ForEach::L': ['N', ['a']] })).toThrow('x.json: Fn::ForEach::L: must be a list of [Identifier, Collection, Fragment]');
    expect(bad({ 'Fn::ForEach::L': ['N-1', ['a'], {}] })).toThrow('the identifier must be a string of letters, digits and underscores');
    expect(bad({ 'Fn::ForEach::L': ['Env', ['a'], {}] }, { Env: { Type: 'String' } })).toThrow('identifier Env is also a parameter name');
    expect(bad({ 'Fn::ForEach::L': ['N', 'a,b', {}] })).toThrow('the collection must be a list or a Ref to a list parameter');
    expect(bad({ 'Fn::ForEach::L': ['N', { Ref: 'Env' }, {}] }, { Env: { Type: 'String' } })).toThrow('parameter Env is of type String, not a list');
    expect(bad({ 'Fn::ForEach::L': ['N', { Ref: 'Bucket' }, {}], Bucket: { Type: 'AWS::S3::Bucket' } })).toThrow('Ref Bucket is not a parameter of the template');
    expect(bad({ 'Fn::ForEach::L': ['N', [{ 'Fn::GetAtt': ['B', 'Arn'] }], {}] })).toThrow('collection entry 0 is {"Fn::GetAtt":["B","Arn"]}');
    expect(bad({ 'Fn::ForEach::L': ['N', { Ref: 'Secret' }, {}] }, { Secret: { Type: 'CommaDelimitedList', NoEcho: true } })).toThrow('parameter Secret is NoEcho');
    expect(() => expandLanguageExtensions({ Transform: 'AWS::LanguageExtensions', Resources: {}, Parameters: { 'Fn::ForEach::P': [] } }, 'x.json'))
      .toThrow('x.json: Fn::ForEach::P is not allowed in Parameters (only in Resources, Conditions and Outputs)');
  });

  test('nesting deeper than the bound is refused, not a stack overflow', () => {
    let deep: any = 'leaf';
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(() => expandLanguageExtensions({ Transform: 'AWS::LanguageExtensions', Resources: { R: { Type: 'T', Properties: deep } } }, 'x.json'))
      .toThrow(/^x\.json: Resources\.R(\.\w+)*: nested deeper than 128 levels$/);
  });
});

describe('a pure function', () => {
  test('the input template is not modified; a template without the transform is returned as is', () => {
    const t = parse('order-services.yaml');
    const before = JSON.stringify(t);
    expandLanguageExtensions(t, 'order-services.yaml');
    expect(JSON.stringify(t)).toBe(before);
    const plain = { Resources: { Q: { Type: 'AWS::SQS::Queue' } } };
    expect(expandLanguageExtensions(plain, 'p.json')).toBe(plain);
    expect(usesLanguageExtensions(t)).toBe(true);
    expect(usesLanguageExtensions(plain)).toBe(false);
  });

  test('a generated __proto__ key stays a plain key', () => {
    const out = expandLanguageExtensions({
      Transform: 'AWS::LanguageExtensions',
      Resources: { R: { Type: 'AWS::SNS::Topic', Properties: { Tags: [], 'Fn::ForEach::K': ['N', ['__proto__'], { '${N}': { polluted: true } }] } } },
    }, 'x.json');
    expect(Object.getPrototypeOf(out.Resources.R.Properties)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(out.Resources.R.Properties, '__proto__')).toBe(true);
    expect(({} as any).polluted).toBeUndefined();
  });

  test('${!Literal} and names that are not identifiers are left in Fn::Sub; a Sub left without variables becomes its string', () => {
    const out = expandLanguageExtensions({
      Transform: 'AWS::LanguageExtensions',
      Resources: {
        'Fn::ForEach::L': ['N', ['a-b'], {
          'Q&{N}': { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${N}-${!N}-${AWS::Region}' }, Tag: { 'Fn::Sub': 'q-${N}' }, Id: { Ref: 'N' } } },
        }],
      },
    }, 'x.json');
    expect(out.Resources.Qab.Properties).toEqual({ QueueName: { 'Fn::Sub': 'a-b-${!N}-${AWS::Region}' }, Tag: 'q-a-b', Id: 'a-b' });
  });
});
