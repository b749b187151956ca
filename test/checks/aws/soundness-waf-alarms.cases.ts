/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * ALARM-SECURITY-EVENTS on a web ACL: an alarm on AWS/WAFV2 BlockedRequests gets data only under the dimensions
 * WAF publishes it with — WebACL and Rule, plus Region for a regional web ACL (none for a CloudFront one) — and
 * only under a Rule that WAF publishes: `ALL`, the metric name of one of the web ACL's rules, or `Default_Action`.
 * An alarm naming the web ACL without a Rule dimension, without the Region of a regional web ACL, with a Region on
 * a CloudFront one, or under a Rule nobody publishes never fires; it passed. An alarm on one rule's blocks watches
 * that rule only: unknown, naming it.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { checks, judged } from './judged';

const vis = (name: string, on = true) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: on, MetricName: name });

function template(dims: Array<{ Name: string; Value: any }>, opts: { scope?: any; aclMetrics?: boolean; rateMetrics?: boolean; parameters?: any } = {}): Record<string, any> {
  return {
    Acl: {
      Type: 'AWS::WAFv2::WebACL',
      Properties: {
        Name: 'shop-acl', Scope: opts.scope ?? 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: vis('shop-acl', opts.aclMetrics ?? true),
        Rules: [{ Name: 'rate', Priority: 1, Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 100, AggregateKeyType: 'IP' } }, VisibilityConfig: vis('shop-rate', opts.rateMetrics ?? true) }],
      },
    },
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    Blocked: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Namespace: 'AWS/WAFV2', MetricName: 'BlockedRequests', Dimensions: dims, Statistic: 'Sum', Period: 60,
        EvaluationPeriods: 5, Threshold: 100, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'Topic' }],
      },
    },
  };
}

const acl = (resources: Record<string, any>, extra: Record<string, any> = {}) => judged('AlarmSecurityEvents', resources, extra).filter(([r]) => r === 'Acl');
const REGION = { Name: 'Region', Value: { Ref: 'AWS::Region' } };
const ALL = { Name: 'Rule', Value: 'ALL' };
const ACL = { Name: 'WebACL', Value: 'shop-acl' };

describe('AlarmSecurityEvents: the dimensions WAF publishes BlockedRequests with', () => {
  test('WebACL + Rule ALL + Region (the stack\'s) on a regional web ACL: pass; in another order, too', () => {
    expect(acl(template([ACL, REGION, ALL]))).toEqual([['Acl', 'pass', expect.stringContaining('Blocked')]]);
    expect(acl(template([ALL, ACL, REGION]))[0][1]).toBe('pass');
  });

  test('WebACL + Rule ALL on a CloudFront web ACL: pass', () => {
    expect(acl(template([ACL, ALL], { scope: 'CLOUDFRONT' }))[0][1]).toBe('pass');
  });

  test('WebACL alone: no data (there is no such metric), fail naming the dimensions', () => {
    const [[, status, message]] = acl(template([ACL]));
    expect(status).toBe('fail');
    expect(message).toMatch(/Blocked: .*per Region \+ Rule \+ WebACL; read with dimensions WebACL it has no data/);
  });

  test('no Region on a regional web ACL, or a Region on a CloudFront one: fail', () => {
    expect(acl(template([ACL, ALL]))[0][1]).toBe('fail');
    expect(acl(template([ACL, ALL, REGION], { scope: 'CLOUDFRONT' }))[0][1]).toBe('fail');
  });

  test('a Region that is not the stack\'s: fail; the stack\'s: pass; a literal Region when the stack\'s region is not known: unknown', () => {
    const inStack = (region: string) => {
      const stack = new Stack(new App(), 'Shop', { env: { account: '111111111111', region: 'eu-west-1' } });
      for (const [id, r] of Object.entries(template([ACL, ALL, { Name: 'Region', Value: region }]))) {
        new CfnResource(stack, id, { type: r.type ?? r.Type, properties: r.Properties }).overrideLogicalId(id);
      }
      return checks.checkApp(stack).findings.filter((f) => f.ruleId === 'AlarmSecurityEvents' && f.resource === 'Acl').map((f) => f.status);
    };
    expect(inStack('us-west-2')).toEqual(['fail']);
    expect(inStack('eu-west-1')).toEqual(['pass']);
    expect(acl(template([ACL, ALL, { Name: 'Region', Value: 'us-west-2' }]))[0][1]).toBe('unknown');
  });

  test('checkTemplate refuses a mistyped environment, one line', () => {
    expect(() => checks.checkTemplate({ Resources: template([ACL, REGION, ALL]) }, 'Shop', { region: 'Europe' })).toThrow(/^checkTemplate: environment\.region 'Europe' is not a region name, such as eu-west-1$/);
    expect(() => checks.checkTemplate({ Resources: template([ACL, REGION, ALL]) }, 'Shop', { account: '123' })).toThrow(/^checkTemplate: environment\.account '123' is not a 12-digit account id$/);
    expect(checks.checkTemplate({ Resources: template([ACL, { Name: 'Region', Value: 'eu-west-1' }, ALL]) }, 'Shop', { region: 'eu-west-1', account: '111111111111' }).findings.find((f) => f.ruleId === 'AlarmSecurityEvents')?.status).toBe('pass');
  });

  test('a Rule nobody publishes: fail; the metric name of one rule or Default_Action: unknown (that rule\'s blocks only)', () => {
    const [[, status, message]] = acl(template([ACL, REGION, { Name: 'Rule', Value: 'rate' }]));
    expect(status).toBe('fail');
    expect(message).toMatch(/Rule rate/);
    const [[, s2, m2]] = acl(template([ACL, REGION, { Name: 'Rule', Value: 'shop-rate' }]));
    expect(s2).toBe('unknown');
    expect(m2).toMatch(/only.*shop-rate/);
    expect(acl(template([ACL, REGION, { Name: 'Rule', Value: 'Default_Action' }]))[0][1]).toBe('unknown');
  });

  test('a rule whose metrics are off publishes none: its blocks alarm fails; the web ACL\'s own metrics off: Rule ALL unknown', () => {
    expect(acl(template([ACL, REGION, { Name: 'Rule', Value: 'shop-rate' }], { rateMetrics: false }))[0][1]).toBe('fail');
    expect(acl(template([ACL, REGION, ALL], { aclMetrics: false }))[0][1]).toBe('unknown');
  });

  test('a Rule from a parameter with AllowedValues [ALL, rate]: unknown, naming the value that gets no data; an open one: unknown', () => {
    const t = template([ACL, REGION, { Name: 'Rule', Value: { Ref: 'RuleName' } }]);
    const [[, status, message]] = acl(t, { Parameters: { RuleName: { Type: 'String', AllowedValues: ['ALL', 'rate'] } } });
    expect(status).toBe('unknown');
    expect(message).toMatch(/fails when parameter RuleName = rate: .*Rule rate is neither ALL/);
    expect(acl(t, { Parameters: { RuleName: { Type: 'String', AllowedValues: ['ALL', 'shop-rate'] } } })[0][1]).toBe('unknown');
    expect(acl(t, { Parameters: { RuleName: { Type: 'String', AllowedValues: ['rate'] } } })[0][1]).toBe('fail');
    expect(acl(t, { Parameters: { RuleName: { Type: 'String', Default: 'ALL' } } })[0][1]).toBe('unknown');
  });

  test('the scope from a parameter: unknown whether Region belongs', () => {
    expect(acl(template([ACL, REGION, ALL], { scope: { Ref: 'Scope' } }), { Parameters: { Scope: { Type: 'String' } } })[0][1]).toBe('unknown');
  });

  test('an extra dimension (a managed rule group\'s metrics): unknown, not a pass', () => {
    expect(acl(template([ACL, REGION, ALL, { Name: 'ManagedRuleGroup', Value: 'AWSManagedRulesCommonRuleSet' }]))[0][1]).toBe('unknown');
  });

  test('WebACL by a reference to the web ACL (Ref is name|id|scope, GetAtt Id an id): no data, fail', () => {
    expect(acl(template([{ Name: 'WebACL', Value: { Ref: 'Acl' } }, REGION, ALL]))).toEqual([['Acl', 'fail', expect.stringMatching(/Blocked: dimension WebACL is .*Acl.*: it has no data/)]]);
    expect(acl(template([{ Name: 'WebACL', Value: { 'Fn::GetAtt': ['Acl', 'Id'] } }, REGION, ALL]))[0][1]).toBe('fail');
    expect(acl(template([{ Name: 'WebACL', Value: { 'Fn::Sub': '${Acl.Arn}' } }, REGION, ALL]))[0][1]).toBe('fail');
    // The first piece of Ref (name|id|scope) is the Name: not judged, never a pass.
    expect(acl(template([{ Name: 'WebACL', Value: { 'Fn::Select': [0, { 'Fn::Split': ['|', { Ref: 'Acl' }] }] } }, REGION, ALL]))[0][1]).toBe('unknown');
  });

  test('WebACL is the metric name; the Name, when it differs, is unknown', () => {
    const t = template([{ Name: 'WebACL', Value: 'shop-acl-metrics' }, REGION, ALL]);
    t.Acl.Properties.VisibilityConfig = vis('shop-acl-metrics');
    expect(acl(t)[0][1]).toBe('pass');
    t.Blocked.Properties.Dimensions = [ACL, REGION, ALL];
    const [[, status, message]] = acl(t);
    expect(status).toBe('unknown');
    expect(message).toMatch(/Name \(shop-acl\).*metric name \(shop-acl-metrics\)/);
  });

  test('a right alarm beside a wrong one: pass', () => {
    const t = template([ACL, REGION, ALL]);
    t.Wrong = { ...t.Blocked, Properties: { ...t.Blocked.Properties, Dimensions: [ACL] } };
    expect(acl(t)[0][1]).toBe('pass');
  });
});

/**
 * DASHBOARD-SECURITY: the same dimensions for a dashboard's rows. A row of AllowedRequests or BlockedRequests
 * without Rule, without the Region of a regional web ACL, in another region or under a Rule nobody publishes shows
 * nothing; it counted.
 */
describe('DashboardSecurity: the rows WAF publishes data for', () => {
  const row = (name: string, dims: string[]) => ['AWS/WAFV2', name, ...dims, { stat: 'Sum' }];
  /**
   * A dashboard of `rows`; the text ACLREF in them becomes `!Ref Acl`, and `${AWS::Region}` becomes `!Ref AWS::Region`
   * (an Fn::Join piece `${AWS::Region}` is left as written by CloudFormation: no region).
   */
  function board(rows: unknown[][], region: any = { Ref: 'AWS::Region' }): Record<string, any> {
    const t = template([ACL, REGION, ALL]);
    const body = JSON.stringify({ widgets: [{ type: 'metric', properties: { region: 'REGION', metrics: rows } }] });
    const [before, after] = body.split('"REGION"');
    const refs = (p: string) => p.split('${AWS::Region}').flatMap((x, i) => (i === 0 ? [x] : [{ Ref: 'AWS::Region' }, x]));
    const pieces = [before, '"', region, '"', ...after.split('ACLREF').flatMap((p, i) => (i === 0 ? refs(p) : [{ Ref: 'Acl' }, ...refs(p)]))];
    t.Dashboard = { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', pieces] } } };
    return t;
  }
  const dash = (t: Record<string, any>) => judged('DashboardSecurity', t).filter(([r]) => r === 'Acl');
  const full = (dims: (rule: string) => string[]) => [row('AllowedRequests', dims('ALL')), row('BlockedRequests', dims('ALL')), row('BlockedRequests', dims('shop-rate'))];

  test('Region + Rule + WebACL rows (Region the stack\'s, by AWS::Region): pass', () => {
    expect(dash(board(full((rule) => ['Region', '${AWS::Region}', 'Rule', rule, 'WebACL', 'shop-acl']))).map(([, s]) => s)).toEqual(['pass']);
  });

  test('rows without Rule: fail, naming the rows that show no data', () => {
    const t = board([row('AllowedRequests', ['Region', '${AWS::Region}', 'WebACL', 'shop-acl']), row('BlockedRequests', ['Region', '${AWS::Region}', 'WebACL', 'shop-acl']), row('BlockedRequests', ['Region', '${AWS::Region}', 'Rule', 'shop-rate', 'WebACL', 'shop-acl'])]);
    const [[, status, message]] = dash(t);
    expect(status).toBe('fail');
    expect(message).toMatch(/rows that show no data: Dashboard AllowedRequests \(Rule none\)/);
  });

  test('rows without Region on a regional web ACL: fail; a Rule nobody publishes: fail', () => {
    expect(dash(board(full((rule) => ['Rule', rule, 'WebACL', 'shop-acl'])))[0][1]).toBe('fail');
    expect(dash(board(full((rule) => ['Region', '${AWS::Region}', 'Rule', rule === 'ALL' ? 'All' : rule, 'WebACL', 'shop-acl'])))[0][1]).toBe('fail');
  });

  test('rows naming the web ACL by its Ref (name|id|scope): fail; by its Name when the metric name differs: unknown', () => {
    const [[, status, message]] = dash(board(full((rule) => ['Region', '${AWS::Region}', 'Rule', rule, 'WebACL', 'ACLREF'])));
    expect(status).toBe('fail');
    expect(message).toMatch(/dimension WebACL is \$\{Acl\}, its Ref/);
    const t = board(full((rule) => ['Region', '${AWS::Region}', 'Rule', rule, 'WebACL', 'shop-acl']));
    t.Acl.Properties.VisibilityConfig = vis('shop-acl-metrics');
    expect(dash(t)[0][1]).toBe('unknown');
  });

  test('a literal Region when the stack\'s region is not known: unknown', () => {
    expect(dash(board(full((rule) => ['Region', 'eu-west-1', 'Rule', rule, 'WebACL', 'shop-acl'])))[0][1]).toBe('unknown');
  });
});
