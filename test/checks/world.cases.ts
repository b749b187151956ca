/**
 * The evaluator over every world a template can deploy in: a tiny rule
 * ("Encrypted must be true") observed through the engine, with the value put
 * behind each intrinsic CloudFormation offers.
 */
import { runAwsRules, itemResults, MAX_WORLDS } from '../../lib/checks/engine';
import { Finding, FindingStatus, Severity } from '../../lib/checks/model';
import { AwsRule, fail, pass, requireTrue } from '../../lib/checks/rule';
import { AZS_STACK_REGION, azsMark, pseudoMark, refMark, subPieces, TemplateIndex, V } from '../../lib/checks/template-index';
import { settled } from '../../lib/checks/cfn/settled';
import { Thresholds } from '../../lib/checklist/thresholds';

const rule: AwsRule = {
  id: 'Encrypted', items: ['DB-ENCRYPTION-AT-REST'], types: ['Test::Thing'], severity: Severity.HIGH, description: 'd', fix: 'f',
  check: (res, ctx) => requireTrue(ctx, res, 'Encrypted', 'encrypted'),
};

function judge(template: any, extra: Partial<{ region: string }> = {}): Finding[] {
  return runAwsRules([{ file: 't.json', stack: 'T', template, ...extra }], { rules: [rule], thresholds: Thresholds.DEFAULTS });
}

function thing(encrypted: any, more: any = {}) {
  return { Type: 'Test::Thing', Properties: { Encrypted: encrypted }, ...more };
}

const status = (fs: Finding[]) => fs.map((f) => f.status);

describe('conditions', () => {
  const conditions = { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } };
  const open = { Env: { Type: 'String', Default: 'prod' } };

  test('a violating branch behind an open condition is unknown, naming the condition', () => {
    const fs = judge({ Parameters: open, Conditions: conditions, Resources: { A: thing({ 'Fn::If': ['IsProd', true, false] }) } });
    expect(status(fs)).toEqual([FindingStatus.UNKNOWN]);
    expect(fs[0].message).toMatch(/condition IsProd/);
    expect(fs[0].message).toMatch(/fails when condition IsProd = false/);
  });

  test('both branches violating: a violation, in every combination', () => {
    expect(status(judge({ Parameters: open, Conditions: conditions, Resources: { A: thing({ 'Fn::If': ['IsProd', false, 'false'] }) } }))).toEqual([FindingStatus.FAIL]);
  });

  test('both branches compliant: a pass', () => {
    expect(status(judge({ Parameters: open, Conditions: conditions, Resources: { A: thing({ 'Fn::If': ['IsProd', true, 'TRUE'] }) } }))).toEqual([FindingStatus.PASS]);
  });

  test('a condition the template settles is computed, not chosen', () => {
    const t = { Parameters: { Env: { Type: 'String', AllowedValues: ['prod'] } }, Conditions: conditions, Resources: { A: thing({ 'Fn::If': ['IsProd', true, false] }) } };
    expect(status(judge(t))).toEqual([FindingStatus.PASS]);
  });

  test('Fn::And / Or / Not and Condition references are evaluated', () => {
    const t = {
      Parameters: { Env: { Type: 'String', AllowedValues: ['prod', 'dev'] } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] }, Either: { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'NotProd' }] } },
      Resources: { A: thing({ 'Fn::If': ['Either', true, false] }) },
    };
    expect(status(judge(t))).toEqual([FindingStatus.PASS]);
  });

  test('a resource under a condition that violates whenever it exists is a violation naming the condition', () => {
    const fs = judge({ Parameters: open, Conditions: conditions, Resources: { A: thing(false, { Condition: 'IsProd' }) } });
    expect(status(fs)).toEqual([FindingStatus.FAIL]);
    expect(fs[0].message).toMatch(/under condition IsProd/);
    expect(fs[0].condition).toBe('IsProd');
  });

  test('a resource under a condition cannot satisfy an item by itself', () => {
    const fs = judge({ Parameters: open, Conditions: conditions, Resources: { A: thing(true, { Condition: 'IsProd' }) } });
    expect(status(fs)).toEqual([FindingStatus.PASS]);
    const items = itemResults({ findings: fs, acknowledgements: [], attestations: [], rulesByItem: new Map(), platformsByItem: new Map(), platformsPresent: new Set(['aws']), itemFilter: new Set(['DB-ENCRYPTION-AT-REST']) });
    expect(items[0].status).toBe('unknown');
  });

  test('an undeclared condition is unknown, never a branch', () => {
    expect(status(judge({ Resources: { A: thing({ 'Fn::If': ['Nope', true, true] }) } }))).toEqual([FindingStatus.UNKNOWN]);
  });
});

describe('parameters', () => {
  test('AllowedValues: every value is judged', () => {
    const t = (allowed: any[]) => ({ Parameters: { E: { Type: 'String', AllowedValues: allowed, Default: 'true' } }, Resources: { A: thing({ Ref: 'E' }) } });
    expect(status(judge(t(['true', 'false'])))).toEqual([FindingStatus.UNKNOWN]);
    expect(status(judge(t(['true'])))).toEqual([FindingStatus.PASS]);
    expect(status(judge(t(['false', 'FALSE'])))).toEqual([FindingStatus.FAIL]);
  });

  test('a parameter without AllowedValues is open: its Default is only likely', () => {
    const fs = judge({ Parameters: { E: { Type: 'String', Default: 'true' } }, Resources: { A: thing({ Ref: 'E' }) } });
    expect(status(fs)).toEqual([FindingStatus.UNKNOWN]);
    expect(fs[0].message).toMatch(/Default "true" is only the likely value/);
  });

  test('an SSM parameter type is decided at deploy time', () => {
    expect(status(judge({ Parameters: { E: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/x' } }, Resources: { A: thing({ Ref: 'E' }) } }))).toEqual([FindingStatus.UNKNOWN]);
  });
});

describe('mappings', () => {
  const mappings = { Enc: { 'us-east-1': { On: true }, 'eu-west-1': { On: false } } };
  const byRegion = thing({ 'Fn::FindInMap': ['Enc', { Ref: 'AWS::Region' }, 'On'] });

  test('a key decided at deploy time: every entry is judged', () => {
    const fs = judge({ Mappings: mappings, Resources: { A: byRegion } });
    expect(status(fs)).toEqual([FindingStatus.UNKNOWN]);
    expect(fs[0].message).toMatch(/AWS::Region \(mapping Enc\) = eu-west-1/);
  });

  test('a known region selects its entry', () => {
    expect(status(judge({ Mappings: mappings, Resources: { A: byRegion } }, { region: 'us-east-1' }))).toEqual([FindingStatus.PASS]);
    expect(status(judge({ Mappings: mappings, Resources: { A: byRegion } }, { region: 'eu-west-1' }))).toEqual([FindingStatus.FAIL]);
  });

  test('one parameter keying two maps is consistent; a key missing from a map is a deployment that cannot happen', () => {
    const t = {
      Mappings: { A: { x: { V: true }, y: { V: false } }, B: { x: { V: true } } },
      Parameters: { K: { Type: 'String' } },
      Resources: { R: thing({ 'Fn::If': ['Always', { 'Fn::FindInMap': ['A', { Ref: 'K' }, 'V'] }, false] }), S: thing({ 'Fn::FindInMap': ['B', { Ref: 'K' }, 'V'] }) },
      Conditions: { Always: { 'Fn::Equals': ['a', 'a'] } },
    };
    const fs = judge(t);
    expect(fs.find((f) => f.resource === 'R')!.status).toBe(FindingStatus.UNKNOWN);
    expect(fs.find((f) => f.resource === 'S')!.status).toBe(FindingStatus.PASS);
  });

  test('keys like constructor or __proto__ are never a value', () => {
    const t = { Mappings: JSON.parse('{"M": {"__proto__": {"On": true}}}'), Resources: { A: thing({ 'Fn::FindInMap': ['M', 'constructor', 'On'] }), B: thing({ 'Fn::FindInMap': ['M', '__proto__', 'On'] }) } };
    const fs = judge(t);
    expect(fs.find((f) => f.resource === 'B')!.status).toBe(FindingStatus.PASS);
    expect(fs.filter((f) => f.resource === 'A').map((f) => f.status)).not.toContain(FindingStatus.PASS);
  });

  test('Fn::FindInMap with a DefaultValue covers keys not in the map', () => {
    const t = { Mappings: { M: { a: { On: true } } }, Parameters: { K: { Type: 'String' } }, Resources: { A: thing({ 'Fn::FindInMap': ['M', { Ref: 'K' }, 'On', { DefaultValue: false }] }) } };
    expect(status(judge(t))).toEqual([FindingStatus.UNKNOWN]);
  });
});

describe('other functions', () => {
  test('Fn::Select with a string index selects; out of range is unknown', () => {
    expect(status(judge({ Resources: { A: thing({ 'Fn::Select': ['1', [true, false]] }) } }))).toEqual([FindingStatus.FAIL]);
    expect(status(judge({ Resources: { A: thing({ 'Fn::Select': [0, [true, false]] }) } }))).toEqual([FindingStatus.PASS]);
    expect(status(judge({ Resources: { A: thing({ 'Fn::Select': [5, [true, false]] }) } }))).toEqual([FindingStatus.UNKNOWN]);
  });

  test('functions the engine does not model are unknown, never literal', () => {
    expect(status(judge({ Resources: { A: thing({ 'Fn::Unmodelled': [true] }) } }))).toEqual([FindingStatus.UNKNOWN]);
    expect(status(judge({ Resources: { A: thing({ 'Fn::GetAZs': '' }) } }))).toEqual([FindingStatus.UNKNOWN]);
  });

  test('Fn::Base64 is the encoded text (true encodes to dHJ1ZQ==, which is not true)', () => {
    const index = new TemplateIndex({ Resources: { A: thing({ 'Fn::Base64': 'true' }) } }, 't', 't');
    expect(index.prop(index.get('A')!, 'Encrypted')).toEqual({ k: 'lit', v: 'dHJ1ZQ==' });
  });

  test('Fn::Base64 of text with references keeps them: an expression of the encoded text', () => {
    const index = new TemplateIndex({ Resources: { C: { Type: 'X' }, A: thing({ 'Fn::Base64': { 'Fn::Sub': 'echo ${C}' } }) } }, 't', 't');
    const v = index.prop(index.get('A')!, 'Encrypted');
    expect(v.k === 'expr' && [Buffer.from(v.text, 'base64').toString(), v.refs.map((r) => r.logicalId)]).toEqual([`echo ${refMark('C')}`, ['C']]);
  });

  test('Fn::Select from Fn::Split of a reference, or from Fn::GetAZs, names its source and keeps its references', () => {
    const index = new TemplateIndex({ Resources: {
      Repo: { Type: 'AWS::ECR::Repository' },
      A: { Type: 'X', Properties: { Account: { 'Fn::Select': [4, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Repo', 'Arn'] }] }] }, Az0: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, Az1: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] } } },
    } }, 't', 't');
    const a = index.get('A')!;
    const account = index.prop(a, 'Account');
    expect(account.k === 'expr' && account.refs.map((r) => r.logicalId)).toEqual(['Repo']);
    // Marked (`azsMark`, the stack's region not known here written as `AZS_STACK_REGION`): no template text spells it.
    expect([V.show(index.prop(a, 'Az0')), V.show(index.prop(a, 'Az1'))]).toEqual([azsMark(AZS_STACK_REGION, 0), azsMark(AZS_STACK_REGION, 1)]);
    expect(azsMark(AZS_STACK_REGION, 0)).toBe('${\u0005Fn::GetAZs(\u0005AWS::Region)[0]}');
  });

  test('references below a value decided at deploy time still count as references', () => {
    const index = new TemplateIndex({
      Parameters: { Cluster: { Type: 'String' } },
      Resources: { Svc: { Type: 'AWS::ECS::Service' }, T: { Type: 'AWS::ApplicationAutoScaling::ScalableTarget', Properties: { ResourceId: { 'Fn::Join': ['/', ['service', { Ref: 'Cluster' }, { 'Fn::GetAtt': ['Svc', 'Name'] }]] } } } },
    }, 't', 't');
    const t = index.get('T')!;
    expect(index.prop(t, 'ResourceId').k).toBe('unknown');
    expect([...index.refsIn(t, 'ResourceId')]).toContain('Svc');
    expect(index.referrers(index.get('Svc')!).map((r) => r.logicalId)).toEqual(['T']);
  });

  test('key / keys read object keys whole (keys with dots), in this world', () => {
    const index = new TemplateIndex({ Resources: { G: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Parameters: { 'rds.force_ssl': 1, gone: { Ref: 'AWS::NoValue' } } } } } }, 't', 't');
    const params = index.prop(index.get('G')!, 'Parameters');
    expect(index.key(params, 'rds.force_ssl')).toEqual({ k: 'lit', v: 1 });
    expect(index.keys(params)!.map(([k]) => k)).toEqual(['rds.force_ssl']);
  });

  test('an open parameter says which parameter it is', () => {
    const index = new TemplateIndex({ Parameters: { Pw: { Type: 'String', NoEcho: true } }, Resources: { F: { Type: 'X', Properties: { P: { Ref: 'Pw' } } } } }, 't', 't');
    expect(index.prop(index.get('F')!, 'P')).toMatchObject({ k: 'unknown', param: 'Pw' });
  });

  test('Fn::Sub with a variable map names the resource a variable stands for', () => {
    const index = new TemplateIndex({ Resources: { Svc: { Type: 'AWS::ECS::Service' }, D: { Type: 'X', Properties: { Body: { 'Fn::Sub': ['svc ${S}', { S: { 'Fn::GetAtt': ['Svc', 'Name'] } }] } } } } }, 't', 't');
    expect(V.show(index.prop(index.get('D')!, 'Body'))).toBe(`svc ${refMark('Svc', 'Name')}`);
  });

  test('text with holes: a string that names an open parameter is readable around it', () => {
    const index = new TemplateIndex({ Parameters: { Env: { Type: 'String' } }, Resources: { Svc: { Type: 'X' }, D: { Type: 'X', Properties: { Body: { 'Fn::Sub': '{"title":"${Env} orders","svc":"${Svc}"}' } } } } }, 't', 't');
    const d = index.get('D')!;
    expect(index.prop(d, 'Body').k).toBe('unknown');
    const t = index.textWithHoles(d, 'Body')!;
    expect([t.text.replace(/\u0000[^\u0000]*\u0000/, '?'), t.refs.map((r) => r.logicalId), t.holes.length]).toEqual([`{"title":"? orders","svc":"${refMark('Svc')}"}`, ['Svc'], 1]);
  });

  test('who references a resource is decided only by conditions that change it', () => {
    const t = {
      Parameters: { Stage: { Type: 'String' }, Mute: { Type: 'String' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] }, Muted: { 'Fn::Equals': [{ Ref: 'Mute' }, 'yes'] } },
      Resources: {
        Topic: { Type: 'AWS::SNS::Topic' },
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { ActionsEnabled: { 'Fn::If': ['Muted', false, true] }, AlarmActions: [{ Ref: 'Topic' }] } },
        Maybe: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ 'Fn::If': ['IsProd', { Ref: 'Topic' }, { Ref: 'AWS::NoValue' }] }] } },
      },
    };
    const rule: AwsRule = { id: 'R', items: ['X'], types: ['AWS::SNS::Topic'], severity: Severity.LOW, description: 'd', fix: 'f',
      check: (res, { index }) => ({ status: index.referrers(res).length === 2 ? FindingStatus.PASS : FindingStatus.FAIL, message: 'referrers' }) };
    const fs = runAwsRules([{ file: 't', stack: 't', template: t }], { rules: [rule], thresholds: Thresholds.DEFAULTS });
    expect(fs.map((f) => f.status)).toEqual([FindingStatus.UNKNOWN]);
    expect(fs[0].message).toMatch(/depends on condition IsProd:/);
    expect(fs[0].message).not.toMatch(/Muted/);
  });

  test('AWS::NoValue is absent, in lists too', () => {
    const index = new TemplateIndex({ Resources: { A: { Type: 'X', Properties: { L: [1, { Ref: 'AWS::NoValue' }, 2] } } } }, 't', 't');
    expect(index.items(index.prop(index.get('A')!, 'L'))!.map((v) => V.num(v))).toEqual([1, 2]);
  });

  test('the strict readers refuse to read an unknown value', () => {
    expect(() => V.isFalse({ k: 'unknown', why: 'x' })).toThrow('x');
    expect(() => V.str({ k: 'unknown', why: 'x' })).toThrow('x');
    expect(V.show({ k: 'unknown', why: 'x' })).toBe('(unknown: x)');
  });

  test('Fn::Sub parsing is linear on hostile input (many unclosed ${)', () => {
    const hostile = '${'.repeat(200000) + 'x';
    const t0 = process.hrtime.bigint();
    expect(subPieces(hostile).map((p) => p.literal).join('')).toBe(hostile);
    // 400 KB of text: a backtracking parser takes minutes; the linear one, milliseconds. Bounded generously.
    expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeLessThan(2000);
  });

  test('intrinsics nested beyond the depth bound are unknown, not a stack overflow', () => {
    let v: any = true;
    for (let i = 0; i < 5000; i++) v = { 'Fn::Select': [0, [v]] };
    expect(status(judge({ Resources: { A: thing(v) } }))).toEqual([FindingStatus.UNKNOWN]);
  });
});

test('settled: a computation that consults no choice is shared; one that does is kept per choice', () => {
  const t = { Parameters: { P: { Type: 'String', AllowedValues: ['a', 'b'] } }, Resources: { A: thing(true), B: thing(true), C: { Type: 'X', Properties: { V: { Ref: 'P' } } } } };
  let plain = 0;
  let chosen = 0;
  const counting: AwsRule = { ...rule, check: (res, ctx) => {
    settled(ctx.index, 'plain', () => { plain++; return ctx.index.ofType('Test::Thing').length; });
    settled(ctx.index, 'chosen', () => { chosen++; return V.str(ctx.index.prop(ctx.index.get('C')!, 'V')); });
    return requireTrue(ctx, res, 'Encrypted', 'encrypted');
  } };
  runAwsRules([{ file: 't', stack: 't', template: t }], { rules: [counting], thresholds: Thresholds.DEFAULTS });
  expect(plain).toBe(1);
  expect(chosen).toBe(2); // once per value of P, not once per resource and world
});

test('settled: a kept result makes its choices in the world that reuses it (each resource is still judged in every world)', () => {
  const t = { Parameters: { P: { Type: 'String', AllowedValues: ['a', 'b'] } }, Resources: { A: thing(true), B: thing(true), C: { Type: 'X', Properties: { V: { Ref: 'P' } } } } };
  let computed = 0;
  const onP: AwsRule = { ...rule, check: (res, ctx) => {
    const v = settled(ctx.index, 'p', () => { computed++; return V.str(ctx.index.prop(ctx.index.get('C')!, 'V')); });
    return v === 'a' ? pass('V', v, 'a') : fail('V', v, 'not a');
  } };
  const fs = runAwsRules([{ file: 't', stack: 't', template: t }], { rules: [onP], thresholds: Thresholds.DEFAULTS });
  expect(fs.map((f) => [f.resource, f.status])).toEqual([['A', FindingStatus.UNKNOWN], ['B', FindingStatus.UNKNOWN]]);
  for (const f of fs) expect(f.message).toMatch(/fails when parameter P = b/);
  expect(computed).toBe(2);
});

test('settled: a result that needs no choice is shared even when the caller made choices before asking', () => {
  const t = {
    Parameters: { P: { Type: 'String', AllowedValues: ['a', 'b'] }, Q: { Type: 'String', AllowedValues: ['x', 'y'] } },
    Resources: { A: thing({ 'Fn::If': ['IsA', true, true] }), B: thing({ 'Fn::If': ['IsA', true, true] }), C: { Type: 'X', Properties: { V: { Ref: 'Q' } } } },
    Conditions: { IsA: { 'Fn::Equals': [{ Ref: 'P' }, 'a'] } },
  };
  let plain = 0;
  let chosen = 0;
  const counting: AwsRule = { ...rule, check: (res, ctx) => {
    const verdict = requireTrue(ctx, res, 'Encrypted', 'encrypted'); // chooses P first
    settled(ctx.index, 'plain', () => { plain++; return ctx.index.ofType('Test::Thing').length; });
    settled(ctx.index, 'chosen', () => { chosen++; return V.str(ctx.index.prop(ctx.index.get('C')!, 'V')); });
    return verdict;
  } };
  const fs = runAwsRules([{ file: 't', stack: 't', template: t }], { rules: [counting], thresholds: Thresholds.DEFAULTS });
  expect(fs.map((f) => f.status)).toEqual([FindingStatus.PASS, FindingStatus.PASS]);
  expect(plain).toBe(1);
  expect(chosen).toBe(2); // once per value of Q, whatever P was
});

test('settled: what the world remembers without a choice (a pseudo parameter, a condition over literals) is no choice: shared', () => {
  const t = { Conditions: { Same: { 'Fn::Equals': ['a', 'a'] } }, Resources: { A: thing(true), B: thing(true) } };
  let computed = 0;
  const counting: AwsRule = { ...rule, check: (res, ctx) => {
    ctx.index.conditionHolds('Same');
    settled(ctx.index, 'pseudo', () => { computed++; return [ctx.index.value({ Ref: 'AWS::Region' }), ctx.index.conditionHolds('Same')]; });
    return requireTrue(ctx, res, 'Encrypted', 'encrypted');
  } };
  runAwsRules([{ file: 't', stack: 't', template: t }], { rules: [counting], thresholds: Thresholds.DEFAULTS });
  expect(computed).toBe(1);
});

test(`more than ${MAX_WORLDS} combinations are unknown, naming the choices`, () => {
  const Conditions: any = {};
  const Parameters: any = {};
  const props: any = { Encrypted: true };
  for (let i = 0; i < 10; i++) {
    Parameters[`P${i}`] = { Type: 'String' };
    Conditions[`C${i}`] = { 'Fn::Equals': [{ Ref: `P${i}` }, 'x'] };
    props[`X${i}`] = { 'Fn::If': [`C${i}`, 1, 2] };
  }
  const wide: AwsRule = { ...rule, check: (res, { index }) => {
    for (let i = 0; i < 10; i++) V.num(index.prop(res, `X${i}`));
    return requireTrue({ index, thresholds: Thresholds.DEFAULTS }, res, 'Encrypted', 'encrypted');
  } };
  const fs = runAwsRules([{ file: 't', stack: 't', template: { Parameters, Conditions, Resources: { A: { Type: 'Test::Thing', Properties: props } } } }], { rules: [wide], thresholds: Thresholds.DEFAULTS });
  expect(status(fs)).toEqual([FindingStatus.UNKNOWN]);
  expect(fs[0].message).toMatch(/more than 512 combinations of condition C0/);
});
