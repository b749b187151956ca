/**
 * --region and --account: where templates deploy when the input does not say. A folder of templates has no
 * environment, so what depends on the region (a literal Region dimension of a WAF alarm) is unknown without them;
 * a cloud assembly's stack that names another environment is refused, one line.
 */
import { folder, outDir, run } from './run';

const vis = { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'shop-acl' };
const TEMPLATE = {
  Resources: {
    Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Name: 'shop-acl', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: vis, Rules: [] } },
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    Blocked: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Namespace: 'AWS/WAFV2', MetricName: 'BlockedRequests', Statistic: 'Sum', Period: 60, EvaluationPeriods: 5, Threshold: 100,
        ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'Topic' }],
        Dimensions: [{ Name: 'WebACL', Value: 'shop-acl' }, { Name: 'Region', Value: 'eu-west-1' }, { Name: 'Rule', Value: 'ALL' }],
      },
    },
  },
};

function statusOf(dir: string, ...args: string[]): { code: number; err: string; status?: string } {
  const r = run(['check', dir, '--out', outDir(), '--items', 'ALARM-SECURITY-EVENTS', '--format', 'json', ...args]);
  if (r.code === 2) return { code: r.code, err: r.err };
  return { code: r.code, err: r.err, status: JSON.parse(r.out).findings.find((f: { ruleId: string }) => f.ruleId === 'AlarmSecurityEvents')?.status };
}

describe('cdk-golive check --region / --account', () => {
  const plain = folder({ 'shop.template.json': JSON.stringify(TEMPLATE) });
  const yaml = folder({ 'shop.yaml': JSON.stringify(TEMPLATE) });

  test('a folder of templates: a literal Region is unknown without --region, passes with the same region, fails with another', () => {
    expect(statusOf(plain).status).toBe('unknown');
    expect(statusOf(plain, '--region', 'eu-west-1').status).toBe('pass');
    expect(statusOf(plain, '--region', 'us-east-1')).toMatchObject({ code: 1, status: 'fail' });
    expect(statusOf(yaml, '--region', 'eu-west-1').status).toBe('pass');
  });

  test('a bad --region or --account: exit 2, one line', () => {
    for (const [flag, value, message] of [['--region', 'Europe', /--region takes a region name/], ['--account', '12345', /--account takes a 12-digit account id/]] as const) {
      const r = statusOf(plain, flag, value);
      expect(r.code).toBe(2);
      expect(r.err.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
    }
  });

  function assembly(environment: string): string {
    return folder({
      'manifest.json': JSON.stringify({ version: '48.0.0', artifacts: { Shop: { type: 'aws:cloudformation:stack', environment, properties: { templateFile: 'Shop.template.json' } } } }),
      'Shop.template.json': JSON.stringify(TEMPLATE),
    });
  }

  test('a cloud assembly: its environment decides; --region completes an environment-agnostic stack and must not contradict a given one', () => {
    expect(statusOf(assembly('aws://111111111111/eu-west-1')).status).toBe('pass');
    expect(statusOf(assembly('aws://unknown-account/unknown-region')).status).toBe('unknown');
    expect(statusOf(assembly('aws://unknown-account/unknown-region'), '--region', 'eu-west-1').status).toBe('pass');
    expect(statusOf(assembly('aws://111111111111/eu-west-1'), '--region', 'eu-west-1').status).toBe('pass');
    const r = statusOf(assembly('aws://111111111111/eu-west-1'), '--region', 'us-east-1');
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split('\n')).toEqual([expect.stringMatching(/manifest\.json.*Shop.*region is eu-west-1, not us-east-1 as --region says$/)]);
    const a = statusOf(assembly('aws://111111111111/eu-west-1'), '--account', '222222222222');
    expect(a.err.trimEnd()).toMatch(/artifact 'Shop': its environment's account is 111111111111, not 222222222222 as --account says$/);
  });

  test('the usage names both options', () => {
    expect(run(['--help']).out).toMatch(/\[--region <name>\] \[--account <id>\]/);
  });
});
