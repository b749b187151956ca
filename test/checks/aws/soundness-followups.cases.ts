/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Follow-ups of the sixteenth-to-twentieth sessions' fixes.
 * 1. A region with white space around it (` eu-west-1 `) was read as the region it pads (`inStackRegion` trimmed it),
 *    while no reader's service documents trimming it (the awslogs driver's `awslogs-region`, a dashboard graph's
 *    `region`, a metric's Region dimension, which CloudWatch matches as written): the logs, graphs and alarms were
 *    counted as this stack's. Such a region is undecided now: unknown, saying why.
 */
import { inStackRegion } from '../../../lib/checks/cfn/names';
import { judgedOn, oneFindingOn } from './judged';
import { R, compliantBases, set } from './fixtures';

describe('a region with white space around it is not read as the stack\'s', () => {
  test('inStackRegion: a padded region is open, as a padded account is', () => {
    expect(inStackRegion(' eu-west-1 ', 'eu-west-1')).toBe('open');
    expect(inStackRegion('eu-west-1 ', 'eu-west-1')).toBe('open');
    expect(inStackRegion('eu-west-1', 'eu-west-1')).toBe(true);
    expect(inStackRegion('us-east-1', 'eu-west-1')).toBe(false);
  });

  test('LogRetention: awslogs-region " eu-west-1 " (the stack\'s region, padded): unknown (was pass)', () => {
    const patch = [set(R('Task', 'Properties', 'ContainerDefinitions', 0, 'LogConfiguration', 'Options', 'awslogs-region'), ' eu-west-1 ')];
    expect(judgedOn('ecs-service', patch, 'LogRetention', 'Task')).toEqual([['unknown', expect.stringMatching(/awslogs-region is " eu-west-1 ", with white space around it: whether the driver reads it as region eu-west-1 .* is not documented/)]]);
    expect(judgedOn('ecs-service', [], 'LogRetention', 'Task').map(([s]) => s)).toEqual(['pass']);
  });

  test('AlarmSecurityEvents: a WAF alarm\'s Region dimension "eu-west-1 ": unknown (was pass)', () => {
    const patch = [set(R('WafBlockedAlarm', 'Properties', 'Dimensions', 0, 'Value'), 'eu-west-1 ')];
    expect(judgedOn('edge-alb', patch, 'AlarmSecurityEvents', 'WebAcl')).toEqual([['unknown', expect.stringMatching(/dimension Region is "eu-west-1 ", with white space around it: whether CloudWatch reads it as region eu-west-1 is not documented/)]]);
    expect(judgedOn('edge-alb', [], 'AlarmSecurityEvents', 'WebAcl').map(([s]) => s)).toEqual(['pass']);
  });

  test('DashboardInfrastructure: a graph whose region is " eu-west-1 ": unknown (was pass)', () => {
    const ROWS = ['CPUUtilization', 'FreeableMemory', 'VolumeBytesUsed', 'DatabaseConnections'];
    const app = (region: string): any => {
      const pieces: any[] = [`{"widgets":[{"type":"metric","properties":{"region":"${region}","stat":"Maximum","metrics":[`];
      ROWS.forEach((m, i) => pieces.push(`${i ? ',' : ''}["AWS/DocDB","${m}","DBClusterIdentifier","`, { Ref: 'Docs' }, '"]'));
      pieces.push(']}}]}');
      return {
        Resources: {
          Docs: { Type: 'AWS::DocDB::DBCluster', DeletionPolicy: 'Snapshot', Properties: { EngineVersion: '5.0.0', StorageEncrypted: true, BackupRetentionPeriod: 30, DeletionProtection: true } },
          DocsA: { Type: 'AWS::DocDB::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Docs' }, DBInstanceClass: 'db.r6g.large' } },
          Dash: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', pieces] } } },
        },
      };
    };
    expect(oneFindingOn(app('eu-west-1'), 'Docs', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure pass/);
    expect(oneFindingOn(app(' eu-west-1 '), 'Docs', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure unknown: dashboard body of Dash is computed at deploy time/); // (the body is not read, as for a padded accountId)
  });

  test('DashboardSecurity: WAF rows whose Region dimension is "eu-west-1 ": unknown (was pass)', () => {
    const body = compliantBases().get('edge-alb').Resources.SecurityDashboard.Properties.DashboardBody;
    const padded = { 'Fn::Join': [body['Fn::Join'][0], body['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p.split('"Region","eu-west-1"').join('"Region","eu-west-1 "') : p))] };
    expect(JSON.stringify(padded)).toContain('eu-west-1 ');
    const patch = [set(R('SecurityDashboard', 'Properties', 'DashboardBody'), padded)];
    expect(judgedOn('edge-alb', patch, 'DashboardSecurity', 'WebAcl')).toEqual([['unknown', expect.stringMatching(/dimension Region is "eu-west-1 ", with white space around it/)]]);
    expect(judgedOn('edge-alb', [], 'DashboardSecurity', 'WebAcl').map(([s]) => s)).toEqual(['pass']);
  });
});
