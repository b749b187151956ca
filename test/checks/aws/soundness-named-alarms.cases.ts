/**
 * Two readings that made a verdict unknown where the template decides it:
 * - DEPLOY-CANARY-ROLLBACK: a deployment group naming its alarm by a literal AlarmName found no alarm ("cannot be
 *   decided") when another alarm whose AlarmName is decided at deploy time came first in the template; alarm names
 *   are unique in an account and region, so the literally named alarm is the one.
 * - ALARM-SECURITY-EVENTS: a WebACL dimension built from another resource whose id begins with the web ACL's
 *   (`${WebAclLogs}` for `WebAcl`) was read as built from the web ACL.
 */
import { checkPatched, judgedOn } from './judged';
import { R, set } from './fixtures';

describe('a deployment group naming its alarm literally', () => {
  const named = (extra: Record<string, unknown>) => [
    set(['Parameters'], { OtherName: { Type: 'String' } }),
    ...Object.entries(extra).map(([id, r]) => set(R(id), r)),
    set(R('ErrorRateAlarm', 'Properties', 'AlarmName'), 'orders-error-rate'),
    set(R('Deployment', 'Properties', 'AlarmConfiguration', 'Alarms'), [{ Name: 'orders-error-rate' }, { Name: { Ref: 'LatencyP95Alarm' } }]),
  ];
  const other = { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: { Ref: 'OtherName' }, Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 1, Threshold: 600, ComparisonOperator: 'GreaterThanThreshold', Dimensions: [{ Name: 'QueueName', Value: 'q' }] } };

  test('is found past an alarm whose name is decided at deploy time', () => {
    // The other alarm first in the template's order (the order of its Resources).
    const base = require('../../fixtures/aws/compliant/lambda-canary.json');
    const t = checkPatched('lambda-canary', [set(['Resources'], { Other: other, ...base.Resources }), ...named({})]);
    const f = t.findings.filter((x) => x.ruleId === 'DeployCanaryRollback' && x.resource === 'Deployment');
    expect(f.map((x) => x.status)).toEqual(['pass']);
    expect(f[0].message).toMatch(/ErrorRateAlarm/);
  });
});

describe('a WebACL dimension built from another resource', () => {
  test('whose id begins with the web ACL\'s is not the web ACL', () => {
    const t = checkPatched('edge-alb', []);
    const acl = t.findings.find((x) => x.ruleId === 'AlarmSecurityEvents')!.resource!;
    const alarm = Object.entries(require('../../fixtures/aws/compliant/edge-alb.json').Resources as Record<string, any>).find(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && JSON.stringify(r).includes('BlockedRequests'))![0];
    const patch = [
      set(R(`${acl}Logs`), { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } }),
      set(R(alarm, 'Properties', 'Dimensions'), [{ Name: 'WebACL', Value: { 'Fn::Sub': `\${${acl}Logs}` } }, { Name: 'Rule', Value: 'ALL' }, { Name: 'Region', Value: { Ref: 'AWS::Region' } }]),
    ];
    const [[status, message]] = judgedOn('edge-alb', patch, 'AlarmSecurityEvents', acl);
    expect(status).toBe('fail');
    expect(message).not.toMatch(/built from the web ACL at deploy time/);
  });
});
