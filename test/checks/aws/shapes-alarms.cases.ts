/**
 * Alarms and observability written the way third-party templates write them
 * (test/fixtures/aws/shapes/alarms/): dimensions through !Ref / !GetAtt or
 * by the name the template gives a resource,
 * thresholds from parameters with AllowedValues and from mappings, alarms under
 * a Condition, notifications switched by !If, composite alarms whose AlarmRule
 * is built by !Sub, dashboards assembled with !Join and !If, and a Lambda
 * function behind a load balancer through its alias. Each verdict below was
 * misjudged before the evaluator judged every world (the old verdict is in the
 * comment).
 */
import * as fs from 'fs';
import * as path from 'path';
import { GoLiveChecks } from '../../../lib';
import { loadFolder } from '../../../lib/checks/loader';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'aws', 'shapes', 'alarms');
const report = new GoLiveChecks({ printSummary: false, writeReports: false })._evaluateLoaded(loadFolder(DIR));

function findings(file: string, ruleId: string, resource: string) {
  return report.findings.filter((f) => path.basename(f.file) === file && f.ruleId === ruleId && f.resource === resource);
}

/** [file, rule, resource, status, what the message must say] */
const CASES: [string, string, string, string, RegExp][] = [
  // ActionsEnabled: !If [IsProd, true, false] — was pass (the first branch).
  ['actions-by-stage.yaml', 'AlarmHasAction', 'BacklogAlarm', 'unknown', /depends on parameter Stage: fails when parameter Stage = staging: .*actions are disabled/],
  // ActionsEnabled: !If [Muted, false, !Ref AWS::NoValue] (issue 13) — was pass.
  ['actions-by-stage.yaml', 'AlarmHasAction', 'DeadLetterAlarm', 'unknown', /depends on parameter MuteAlarms: fails when parameter MuteAlarms = yes/],
  // A condition the template settles (AlwaysNotify: !Equals [notify, notify]) is not a choice — was pass, stays pass.
  ['actions-by-stage.yaml', 'AlarmHasAction', 'ThroughputAlarm', 'pass', /notifies 1 target/],
  // Subscription: !If [HasEmail, [...], !Ref AWS::NoValue] with an open e-mail parameter — was fail.
  ['actions-by-stage.yaml', 'AlarmTopicSubscribed', 'AlarmTopic', 'unknown', /condition HasEmail = false: .*no subscription/],
  // ServiceName: !Ref ServiceName on the service and in the alarm's dimension — was fail (no reference).
  ['alarms-by-name.yaml', 'AlarmCpu', 'Service', 'pass', /alarm ServiceCpuAlarm fires above 75 %/],
  // Found by name, then judged on its threshold — was fail for the wrong reason ("no alarm").
  ['alarms-by-name.yaml', 'AlarmMemory', 'Service', 'fail', /alarm ServiceMemoryAlarm fires above 95 %, the limit is at most 85 %/],
  // DBInstanceIdentifier: !Sub '${AWS::StackName}-billing-db', the same text in the alarm — was fail.
  ['alarms-by-name.yaml', 'AlarmCpu', 'Database', 'pass', /alarm DatabaseCpuAlarm fires above 80 %/],
  // The dashboard names the database the same way — was fail.
  ['alarms-by-name.yaml', 'DashboardInfrastructure', 'Database', 'pass', /shows CPU, memory, storage, connections of Database/],
  // The CPU alarm exists only under Condition WithAlarms — was pass.
  ['alarms-under-condition.yaml', 'AlarmCpu', 'Database', 'unknown', /fails when parameter CreateAlarms = false: no CPUUtilization alarm watches Database/],
  // An unconditional alarm next to it is judged as before — was pass, stays pass.
  ['alarms-under-condition.yaml', 'AlarmDisk', 'Database', 'pass', /free storage/],
  // AlarmRule: !Sub 'ALARM("${AWS::StackName}-checkout-cpu") OR ...' names the alarms by AlarmName — was fail.
  ['composite-alarm-rules.yaml', 'ServiceHealthCompositeAlarm', 'CheckoutService', 'pass', /CheckoutHealth covers all 2 alarms/],
  // AlarmRule: !If [IsProd, both alarms, CPU only] — was pass (both branches' references counted).
  ['composite-alarm-rules.yaml', 'ServiceHealthCompositeAlarm', 'SearchService', 'unknown', /fails when parameter Stage = staging: alarm\(s\) SearchMemoryAlarm .*no composite/],
  // DashboardBody: !Join with an !If widget and a !FindInMap statistic — was unknown (body unreadable).
  ['dashboard-built-by-join.yaml', 'DashboardInfrastructure', 'Service', 'pass', /shows CPU, memory of Service/],
  // Only AWS metrics on it: no business metric — was unknown.
  ['dashboard-built-by-join.yaml', 'DashboardBusinessMetrics', 'Service', 'fail', /no dashboard shows a business/],
  // Lambda behind the ALB through its alias, probed by a canary with a notifying alarm — was not judged (pending).
  ['lambda-behind-alb-alias.yaml', 'ExternalHealthProbe', 'OrdersFunction', 'pass', /canary HealthCanary probes LoadBalancer \(orders\.example\.com\); alarm CanaryAlarm notifies/],
  // Its Lambda target group checks health and alarms at the first unhealthy target — was not judged.
  ['lambda-behind-alb-alias.yaml', 'AlarmUnhealthyHosts', 'OrdersTargetGroup', 'pass', /UnhealthyTargetsAlarm fires when a target is unhealthy/],
  // The same service whose canary calls another host — was not judged.
  ['lambda-behind-alb-alias-unprobed.yaml', 'ExternalHealthProbe', 'OrdersFunction', 'fail', /no canary or health check probes LoadBalancer \(orders\.example\.com\)/],
  // ... and has no unhealthy-targets alarm — was not judged.
  ['lambda-behind-alb-alias-unprobed.yaml', 'AlarmUnhealthyHosts', 'OrdersTargetGroup', 'fail', /no alarm on UnHealthyHostCount/],
  // Threshold: !Ref ApiCpuThreshold, AllowedValues [70, 80, 90] — unknown before and after, now naming the value that fails.
  ['thresholds-from-parameters.yaml', 'AlarmCpu', 'ApiService', 'unknown', /fails when parameter ApiCpuThreshold = 90: .*fires above 90 %/],
  // Threshold: !FindInMap [StageConfig, !Ref Stage, MemoryThreshold] — unknown before and after, now naming the stage.
  ['thresholds-from-parameters.yaml', 'AlarmMemory', 'ApiService', 'unknown', /^depends on parameter Stage: fails when parameter Stage = staging: .*95 %/],
  // Threshold: !Ref WorkerCpuThreshold, AllowedValues [60, 75]: every value meets 80 % — was unknown.
  ['thresholds-from-parameters.yaml', 'AlarmCpu', 'WorkerService', 'pass', /fires above 60 %.*in every combination of parameter WorkerCpuThreshold/],
];

describe('alarm shapes of third-party templates', () => {
  test.each(CASES)('%s: %s on %s is %s', (file, ruleId, resource, status, message) => {
    const mine = findings(file, ruleId, resource);
    expect(mine.map((f) => f.status)).toEqual([status]);
    expect(mine[0].message).toMatch(message);
  });

  test('every fixture of the folder is asserted', () => {
    const files = new Set(report.findings.map((f) => path.basename(f.file)));
    expect([...files].sort()).toEqual([...new Set(CASES.map((c) => c[0]))].sort());
  });
});

describe('the Lambda flavour of ProductionService: what it claims, the checks conclude (issue 13)', () => {
  // Synthesized by test/fixtures/aws/generators/alarms/production-lambda.ts (build-all.sh regenerates it).
  const template = JSON.parse(fs.readFileSync(path.join(DIR, '..', '..', 'constructs', 'production-lambda.json'), 'utf8'));

  test('the load balancer invokes the alias, not the function', () => {
    const resources = Object.values<{ Type: string; Properties?: { TargetType?: string; Targets?: { Id: unknown }[] } }>(template.Resources);
    const tg = resources.find((r) => r.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(tg?.Properties?.TargetType).toBe('lambda');
    const target = JSON.stringify(tg?.Properties?.Targets);
    const alias = Object.entries<{ Type: string }>(template.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Alias')![0];
    expect(target).toContain(`"Ref":"${alias}"`);
  });

  test('HEALTH-EXTERNAL-PROBE and ALARM-UNHEALTHY-HOSTS are judged through target group -> alias -> function, and satisfied', () => {
    const checked = new GoLiveChecks({ printSummary: false, writeReports: false }).checkTemplate(template, 'production-lambda');
    expect(checked.findings.filter((f) => f.ruleId === 'ExternalHealthProbe').map((f) => [f.resourceType, f.status])).toEqual([['AWS::Lambda::Function', 'pass']]);
    expect(checked.findings.filter((f) => f.ruleId === 'AlarmUnhealthyHosts').map((f) => f.status)).toEqual(['pass']);
    expect(checked.statusOf('HEALTH-EXTERNAL-PROBE')).toBe('satisfied');
    expect(checked.statusOf('ALARM-UNHEALTHY-HOSTS')).toBe('satisfied');
  });
});
