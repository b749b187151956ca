/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * A dashboard graph's account: CloudWatch draws a row from the account its `accountId` names (the metric's own
 * rendering property, else the widget's `accountId`; CDK `MetricWidgetProps.accountId`, a `Metric`'s `account`),
 * the dashboard's own account when none is named ("CloudWatch cross-account observability"). A row of another
 * account shows that account's metric of the same name, never this stack's resource: it was counted as showing it
 * (DASHBOARD-INFRASTRUCTURE satisfied by a dashboard of another account's cluster). Read as the graph's region is:
 * the stack's account placed by Fn::Sub / Fn::Join, or the literal account when the stack's is known, shows the
 * stack's resource; another literal account does not; a literal account while the stack's is not known, or an
 * account from a parameter, leaves the body unread (unknown).
 */
import { GoLiveChecks } from '../../../lib';
import { oneFindingOn } from './judged';

const ROWS = ['CPUUtilization', 'FreeableMemory', 'VolumeBytesUsed', 'DatabaseConnections'];

/** A dashboard with one AWS/DocDB row per metric on the cluster; `widget` and `row` add properties to the widget and to each row. */
function dashboard(widget: any[] = [], row: any[] = []): any {
  const pieces: any[] = ['{"widgets":[{"type":"metric","properties":{"region":"eu-west-1","stat":"Maximum",', ...widget, '"metrics":['];
  ROWS.forEach((m, i) => pieces.push(`${i ? ',' : ''}["AWS/DocDB","${m}","DBClusterIdentifier","`, { Ref: 'Docs' }, '"', ...(row.length ? [',{', ...row, '}'] : []), ']'));
  pieces.push(']}}]}');
  return { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', pieces] } } };
}

function app(dash: any): any {
  return {
    Parameters: { Account: { Type: 'String' } },
    Resources: {
      Docs: { Type: 'AWS::DocDB::DBCluster', DeletionPolicy: 'Snapshot', Properties: { EngineVersion: '5.0.0', StorageEncrypted: true, BackupRetentionPeriod: 30, DeletionProtection: true } },
      DocsA: { Type: 'AWS::DocDB::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Docs' }, DBInstanceClass: 'db.r6g.large' } },
      Dash: dash,
    },
  };
}

const infra = (dash: any) => oneFindingOn(app(dash), 'Docs', 'DashboardInfrastructure');
/** The same, with the stack's account not known (a template checked alone). */
const infraNoEnv = (dash: any) => new GoLiveChecks({ printSummary: false, writeReports: false })
  .checkTemplate(app(dash), 'T', { region: 'eu-west-1' }).findings.filter((f) => f.resource === 'Docs' && f.ruleId === 'DashboardInfrastructure').map((f) => `${f.ruleId} ${f.status}: ${f.message}`);

describe('a dashboard graph of another account shows none of this stack\'s resources', () => {
  test('no accountId, the stack\'s account placed by Fn::Join (Ref AWS::AccountId), or its literal account: pass', () => {
    expect(infra(dashboard())).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(dashboard(['"accountId":"', { Ref: 'AWS::AccountId' }, '",']))).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(dashboard(['"accountId":"111111111111",']))).toMatch(/^DashboardInfrastructure pass/);
    expect(infra(dashboard([], ['"accountId":"', { Ref: 'AWS::AccountId' }, '"']))).toMatch(/^DashboardInfrastructure pass/);
  });

  test('a widget of another account: fail (was pass)', () => {
    expect(infra(dashboard(['"accountId":"222222222222",']))).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show CPU, memory, storage, connections of Docs/);
  });

  test('rows of another account (the metric\'s own accountId, over the widget\'s): fail (was pass)', () => {
    expect(infra(dashboard([], ['"accountId":"222222222222"']))).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show CPU, memory, storage, connections of Docs/);
    expect(infra(dashboard(['"accountId":"111111111111",'], ['"accountId":"222222222222"']))).toMatch(/^DashboardInfrastructure fail/);
    expect(infra(dashboard(['"accountId":"222222222222",'], ['"accountId":"111111111111"']))).toMatch(/^DashboardInfrastructure pass/);
  });

  test('${AWS::AccountId} written as text (an Fn::Join piece) names no account: fail (was pass)', () => {
    expect(infra(dashboard(['"accountId":"${AWS::AccountId}",']))).toMatch(/^DashboardInfrastructure fail/);
  });

  test('an account from a parameter, or a literal account while the stack\'s is not known: unknown (was pass)', () => {
    expect(infra(dashboard(['"accountId":"', { Ref: 'Account' }, '",']))).toMatch(/^DashboardInfrastructure unknown/);
    expect(infraNoEnv(dashboard(['"accountId":"111111111111",']))).toEqual([expect.stringMatching(/^DashboardInfrastructure unknown/)]);
    expect(infraNoEnv(dashboard())).toEqual([expect.stringMatching(/^DashboardInfrastructure pass/)]);
  });
});
